import Crypto
package import OPXEvents

/// Computes record hashes: `SHA-256(previous hash bytes ‖ canonical CloudEvents JSON without opxhash)`.
///
/// Keeps one scratch buffer, so hashing a run of records allocates nothing per record.
/// Not thread-safe: one per thread or task.
package struct ChainHasher {
    private var scratch: [UInt8] = []

    package init() { scratch.reserveCapacity(4096) }

    /// The hash of the record described by `fields`.
    package mutating func hash(_ fields: borrowing CloudEventFields) -> EventHash {
        scratch.removeAll(keepingCapacity: true)
        CloudEventForm.append(fields, hash: nil, to: &scratch)
        var sha = SHA256()
        fields.previousHash.withUnsafeBytes { sha.update(bufferPointer: $0) }
        scratch.withUnsafeBytes { sha.update(bufferPointer: $0) }
        return sha.finalize().withUnsafeBytes { EventHash(bytes: $0) }
    }
}
