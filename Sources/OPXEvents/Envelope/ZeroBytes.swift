/// Grows byte arrays with `memcpy` from a page of zeros (`append(contentsOf: repeatElement(0, count:))` copies
/// element by element), for writers that size a buffer first and then fill it through a pointer.
package enum ZeroBytes {
    /// 64 KiB of zeros, allocated once and never written.
    nonisolated(unsafe) private static let page: UnsafeBufferPointer<UInt8> = {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        buffer.initialize(repeating: 0)
        return UnsafeBufferPointer(buffer)
    }()

    /// Appends `count` zero bytes to `out`.
    package static func append(_ count: Int, to out: inout [UInt8]) {
        var left = count
        while left > 0 {
            let chunk = min(left, page.count)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: page[..<chunk]))
            left -= chunk
        }
    }

    /// Makes `buffer` at least `count` bytes long (doubling, so a run of growing records reallocates rarely).
    package static func ensure(_ count: Int, in buffer: inout [UInt8]) {
        if buffer.count < count { append(max(count, 2 * buffer.count) - buffer.count, to: &buffer) }
    }
}
