import Foundation
import OPXStorage

/// Checks presented tokens against the token file, seeing creations and revocations at once.
///
/// The file is re-read when its modification time, size or inode changes (one `stat` per request),
/// so `opx token revoke` takes effect on the next request without restarting the server. A token found live
/// is remembered until the file changes, so its SHA-256 is not computed again on every request.
package final class TokenAuthority: Sendable {
    /// What identifies one version of the token file.
    private struct FileSignature: Equatable {
        var seconds = 0, nanoseconds = 0, size = 0, inode = 0
    }

    private struct Cache {
        var signature: FileSignature?
        /// Live records by hex SHA-256.
        var byHash: [String: TokenRecord] = [:]
        /// Live records by the presented token, for tokens checked since the file was read (cleared with it).
        var verified: [String: TokenRecord] = [:]
    }

    /// How many verified tokens are remembered at most (only live tokens are, so this bounds nothing in practice).
    private static let verifiedLimit = 1024

    private let store: TokenStore
    private let cache = Locked(Cache())

    package init(store: TokenStore) {
        self.store = store
    }

    /// The live token whose hash matches `token`, or `nil`.
    /// - Throws: ``TokenStoreError`` when the token file is unreadable (the server then answers 503).
    package func record(for token: String) throws -> TokenRecord? {
        let signature = fileSignature()
        let known = cache.withLock { cache -> TokenRecord?? in
            guard cache.signature == signature else { return .none }
            return .some(cache.verified[token])
        }
        if case .some(.some(let record)) = known { return record }
        if known == nil {
            let byHash = Dictionary(try store.list().filter { $0.revokedAt == nil }.map { ($0.sha256, $0) }, uniquingKeysWith: { $1 })
            cache.withLock { $0 = Cache(signature: signature, byHash: byHash) }
        }
        let hash = TokenRecord.hash(token)
        return cache.withLock { cache in
            guard let record = cache.byHash[hash] else { return nil }
            if cache.signature == signature {
                if cache.verified.count >= Self.verifiedLimit { cache.verified.removeAll() }
                cache.verified[token] = record
            }
            return record
        }
    }

    private func fileSignature() -> FileSignature? {
        var info = stat()
        guard stat(store.path, &info) == 0 else { return nil }
        return FileSignature(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec), size: Int(info.st_size),
                             inode: Int(info.st_ino))
    }
}
