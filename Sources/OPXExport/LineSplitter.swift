import Glibc

/// Splits a byte stream fed in blocks into lines (without their `\n`), in constant memory: a line
/// longer than `maximumLength` is reported as overlong instead of being buffered.
struct LineSplitter {
    /// The longest line kept, in bytes.
    let maximumLength: Int
    private var pending: [UInt8] = []
    private var overlong = false
    /// Lines emitted so far.
    private(set) var lineNumber = 0
    /// True when the input ended without a final newline after a non-empty line.
    private(set) var missingFinalNewline = false

    init(maximumLength: Int) { self.maximumLength = maximumLength }

    /// Feeds a block; calls `line(number, bytes?)` for every completed line (`nil` bytes: overlong).
    mutating func feed(_ block: UnsafeRawBufferPointer, _ line: (Int, UnsafeRawBufferPointer?) -> Void) {
        guard let base = block.baseAddress else { return }
        var start = 0
        while start < block.count {
            let found = memchr(base + start, 0x0A, block.count - start)
            let end = found.map { UnsafeRawPointer($0) - base } ?? block.count
            let piece = UnsafeRawBufferPointer(rebasing: block[start..<end])
            if found == nil {
                append(piece)
                return
            }
            lineNumber += 1
            if pending.isEmpty && !overlong {
                line(lineNumber, piece.count <= maximumLength ? piece : nil)
            } else {
                append(piece)
                if overlong { line(lineNumber, nil) } else { pending.withUnsafeBytes { line(lineNumber, $0) } }
                pending.removeAll(keepingCapacity: true)
                overlong = false
            }
            start = end + 1
        }
    }

    /// Ends the input: emits a last line that had no newline.
    mutating func finish(_ line: (Int, UnsafeRawBufferPointer?) -> Void) {
        guard !pending.isEmpty || overlong else { return }
        lineNumber += 1
        missingFinalNewline = true
        if overlong { line(lineNumber, nil) } else { pending.withUnsafeBytes { line(lineNumber, $0) } }
        pending = []
        overlong = false
    }

    private mutating func append(_ piece: UnsafeRawBufferPointer) {
        guard !overlong else { return }
        if pending.count + piece.count > maximumLength {
            overlong = true
            pending = []
        } else {
            pending.append(contentsOf: piece)
        }
    }
}
