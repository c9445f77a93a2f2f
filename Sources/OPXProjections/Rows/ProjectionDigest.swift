import Crypto
import OPXEvents

/// The digest of a projection's whole state: SHA-256 over its rows in key order.
///
/// For each row, in ascending byte order of keys: the key's length as 4 bytes big-endian, the key
/// bytes, the value's length as 4 bytes big-endian, the value bytes (canonical JSON). An empty
/// projection has the digest of no bytes. The same state always gives the same digest, whichever
/// backend (LMDB, memory) holds it and however it was folded (from scratch, resumed, inline).
package struct ProjectionDigest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    package let bytes: [UInt8]
    /// How many rows were hashed.
    package let rows: Int

    package init(bytes: [UInt8], rows: Int) {
        self.bytes = bytes
        self.rows = rows
    }

    /// Lowercase hex.
    package var description: String { Hex.encode(bytes) }

    /// Hashes rows one by one.
    package struct Builder {
        private var hasher = SHA256()
        private var count = 0

        package init() {}

        /// Adds the next row; rows must come in ascending key order.
        package mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
            withUnsafeBytes(of: UInt32(key.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: key)
            withUnsafeBytes(of: UInt32(value.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: value)
            count += 1
        }

        /// Adds the next row; rows must come in ascending key order.
        package mutating func add(key: [UInt8], value: [UInt8]) {
            key.withUnsafeBytes { k in value.withUnsafeBytes { v in add(key: k, value: v) } }
        }

        /// The digest of the rows added.
        package func finish() -> ProjectionDigest {
            ProjectionDigest(bytes: Array(hasher.finalize()), rows: count)
        }
    }

    /// SHA-256 of `bytes`.
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// SHA-256 of `bytes` as lowercase hex.
    package static func sha256Hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes(sha256Hex) }

    /// SHA-256 of `bytes` as lowercase hex, formatted in place (folds hash every agent output).
    package static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: digest.count * 2) { out in
                for (i, byte) in digest.enumerated() {
                    out[2 * i] = Hex.digits[Int(byte >> 4)]
                    out[2 * i + 1] = Hex.digits[Int(byte & 0xF)]
                }
                return digest.count * 2
            }
        }
    }
}
