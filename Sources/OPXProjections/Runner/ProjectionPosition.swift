package import OPXEvents

/// What the runner stores about a projection in `projection-positions`, in the same write
/// transaction as the projection's rows (RELIABILITY.md INV-8): the fold version that built the
/// rows and the last log position folded into them.
///
/// Value layout (22 bytes; the key is the projection's name):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | format (1) |
/// | 1 | 1 | flags: 1 = a rebuild started and has not reached the head yet |
/// | 2 | 4 | fold version, big-endian |
/// | 6 | 8 | last folded log position, big-endian (0: nothing folded) |
/// | 14 | 8 | configuration fingerprint: the first 8 bytes of SHA-256 of the configuration text |
package struct ProjectionPosition: Sendable, Hashable {
    /// The fold version that built the rows.
    package var version: Int
    /// The last position folded in.
    package var position: LogPosition
    /// Whether a rebuild is under way (rows cleared, folding from position 1).
    package var rebuilding: Bool
    /// Fingerprint of the configuration the rows were folded with.
    package var configuration: UInt64

    package init(version: Int, position: LogPosition, rebuilding: Bool, configuration: UInt64) {
        self.version = version
        self.position = position
        self.rebuilding = rebuilding
        self.configuration = configuration
    }

    /// The name of the database holding these records.
    package static let databaseName = "projection-positions"

    package var encoded: [UInt8] {
        var out: [UInt8] = [1, rebuilding ? 1 : 0]
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: version).bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: position.rawValue.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: configuration.bigEndian) { out.append(contentsOf: $0) }
        return out
    }

    package init?(encoded bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 22, bytes[0] == 1, bytes[1] & ~1 == 0 else { return nil }
        rebuilding = bytes[1] == 1
        version = Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        position = LogPosition(UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt64.self)))
        configuration = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 14, as: UInt64.self))
    }

    /// The fingerprint of a configuration text.
    package static func fingerprint(_ configuration: String) -> UInt64 {
        let digest = ProjectionDigest.sha256(Array(configuration.utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Whether rows with this record were built by `projection` as it is now.
    package func matches(_ projection: some Projection) -> Bool {
        version == projection.version && configuration == Self.fingerprint(projection.configuration)
    }
}
