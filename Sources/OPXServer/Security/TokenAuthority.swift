import Foundation
import OPXStorage

/// Checks presented tokens against the token file, seeing creations and revocations at once.
///
/// The file is re-read when its modification time, size or inode changes (one `stat` per request),
/// so `opx token revoke` takes effect on the next request without restarting the server.
package final class TokenAuthority: Sendable {
    private let store: TokenStore
    private let cache = Locked<(signature: [Int], byHash: [String: TokenRecord])>(([], [:]))

    package init(store: TokenStore) {
        self.store = store
    }

    /// The live token whose hash matches `token`, or `nil`.
    /// - Throws: ``TokenStoreError`` when the token file is unreadable (the server then answers 503).
    package func record(for token: String) throws -> TokenRecord? {
        let signature = fileSignature()
        let cached = cache.withLock { $0 }
        var byHash = cached.byHash
        if signature != cached.signature {
            byHash = Dictionary(try store.list().filter { $0.revokedAt == nil }.map { ($0.sha256, $0) }, uniquingKeysWith: { $1 })
            cache.withLock { $0 = (signature, byHash) }
        }
        return byHash[TokenRecord.hash(token)]
    }

    private func fileSignature() -> [Int] {
        var info = stat()
        guard stat(store.path, &info) == 0 else { return [0] }
        return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size), Int(info.st_ino)]
    }
}
