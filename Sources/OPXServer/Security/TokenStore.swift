import Foundation
import Glibc
import OPXEventLog
package import OPXEvents

/// The token file of a data directory: `<data>/tokens.json`, mode 0600, holding only hashes.
///
/// ```swift
/// let store = TokenStore(directory: "opx-data")
/// let (token, record) = try store.create(name: "alertmanager", scope: .ingest, adapter: nil)
/// print(token)   // shown once; only its SHA-256 is kept
/// ```
///
/// Writes replace the file atomically (temporary file, `fsync`, `rename`), created with mode 0600.
package struct TokenStore: Sendable {
    /// The file name inside the data directory.
    package static let fileName = "tokens.json"
    /// The file's path.
    package let path: String

    package init(directory: String) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    private struct File: Codable {
        var tokens: [TokenRecord]
    }

    /// Every token, revoked ones included, in creation order.
    /// - Throws: ``TokenStoreError`` when the file exists but cannot be read or parsed.
    package func list() throws -> [TokenRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode(File.self, from: try Data(contentsOf: URL(fileURLWithPath: path))).tokens
        } catch {
            throw TokenStoreError("\(path) is not a readable token file (\(error)); move it away and create the tokens again")
        }
    }

    /// Creates a token and stores its hash. Returns the token (to print once) and its record.
    /// - Throws: ``TokenStoreError`` for an empty or taken name, or a file that cannot be written.
    package func create(name: String, scope: TokenScope, adapter: String?, now: Timestamp = .now()) throws -> (token: String, record: TokenRecord) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { throw TokenStoreError("--name must be 1 to 100 characters") }
        var tokens = try list()
        guard !tokens.contains(where: { $0.name == trimmed && $0.revokedAt == nil }) else {
            throw TokenStoreError("a token named \"\(trimmed)\" already exists; revoke it first (`opx token revoke \(trimmed)`) or pick another name")
        }
        let token = "opx_" + Self.randomHex(bytes: 32)
        let record = TokenRecord(id: Self.randomHex(bytes: 4), name: trimmed, scope: scope, adapter: adapter,
                                 sha256: TokenRecord.hash(token), createdAt: now)
        tokens.append(record)
        try write(tokens)
        return (token, record)
    }

    /// Revokes the live token whose id or name is `idOrName`.
    /// - Throws: ``TokenStoreError`` when none matches.
    package func revoke(_ idOrName: String, now: Timestamp = .now()) throws -> TokenRecord {
        var tokens = try list()
        guard let index = tokens.firstIndex(where: { ($0.id == idOrName || $0.name == idOrName) && $0.revokedAt == nil }) else {
            throw TokenStoreError("no live token with id or name \"\(idOrName.prefix(100))\" (see `opx token list`)")
        }
        tokens[index].revokedAt = now
        try write(tokens)
        return tokens[index]
    }

    private func write(_ tokens: [TokenRecord]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = Array(try encoder.encode(File(tokens: tokens)))
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw TokenStoreError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0, rename(temporary, path) == 0 else {
            throw TokenStoreError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// A token file that cannot be read or written, or a token operation that cannot be done.
package struct TokenStoreError: Error, Sendable, CustomStringConvertible {
    /// The message.
    package let description: String
    init(_ description: String) { self.description = description }
}
