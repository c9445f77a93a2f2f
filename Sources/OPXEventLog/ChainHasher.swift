import Crypto
package import OPXEvents

/// Computes record hashes: `SHA-256(previous hash bytes ‖ canonical CloudEvents JSON without opxhash)`.
///
/// Keeps one scratch buffer, so hashing a run of records allocates nothing per record.
/// Not thread-safe: one per thread or task.
package struct ChainHasher {
    private var scratch: [UInt8] = []

    package init() { ZeroBytes.ensure(4096, in: &scratch) }

    /// The hash of the record described by `fields`.
    package mutating func hash(_ fields: borrowing CloudEventFields) -> EventHash {
        let count = CloudEventForm.length(fields, hash: nil)
        ZeroBytes.ensure(count, in: &scratch)
        var sha = SHA256()
        fields.previousHash.withUnsafeBytes { sha.update(bufferPointer: $0) }
        scratch.withUnsafeMutableBytes { buffer in
            CloudEventForm.write(fields, hash: nil, length: count, into: buffer)
            sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return sha.finalize().withUnsafeBytes { EventHash(bytes: $0) }
    }
}
