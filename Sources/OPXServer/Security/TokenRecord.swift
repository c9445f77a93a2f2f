import Crypto
package import OPXEvents

/// One token as stored: never the token itself, only its SHA-256.
package struct TokenRecord: Sendable, Hashable, Codable {
    /// A short public id (for `opx token list` and logs).
    package let id: String
    /// The operator's name for it.
    package let name: String
    /// What it may do.
    package let scope: TokenScope
    /// When set, the only adapter this token may post to (and the one that may pass it as `?token=`).
    package let adapter: String?
    /// Hex SHA-256 of the token.
    package let sha256: String
    /// When it was created.
    package let createdAt: Timestamp
    /// When it was revoked, if it was.
    package var revokedAt: Timestamp?

    package init(id: String, name: String, scope: TokenScope, adapter: String?, sha256: String, createdAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.id = id
        self.name = name
        self.scope = scope
        self.adapter = adapter
        self.sha256 = sha256
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Hex SHA-256 of a presented token.
    package static func hash(_ token: String) -> String {
        var token = token
        return token.withUTF8 { Hex.encode(SHA256.hash(data: $0)) }
    }
}
