import Dispatch
import Glibc

/// Feeds the lines of an export to an ``ExportLineChecker``: lines are gathered into batches of a
/// few megabytes, examined (parsed and hashed) on all cores, then applied in file order. Memory
/// stays bounded by one batch.
struct ParallelLineVerifier {
    private var checker = ExportLineChecker()
    private var bytes: [UInt8] = []
    private var lines: [(number: Int, range: Range<Int>?)] = []
    private let batchBytes = 4 << 20
    private let batchLines = 16_384
    private let workers = max(1, min(System.processors, 8))

    init() {
        bytes.reserveCapacity(batchBytes + (64 << 10))
        lines.reserveCapacity(batchLines)
    }

    /// Takes line `number` (`nil`: too long to keep).
    mutating func take(_ number: Int, _ line: UnsafeRawBufferPointer?) {
        if number == 1 { checker.detectFormat(firstLine: line) }
        if let line {
            lines.append((number, bytes.count..<(bytes.count + line.count)))
            bytes.append(contentsOf: line)
        } else {
            lines.append((number, nil))
        }
        if bytes.count >= batchBytes || lines.count >= batchLines { flush() }
    }

    /// Ends the input and returns the report.
    mutating func finish(missingFinalNewline: Bool) -> ExportVerificationReport {
        flush()
        return checker.finish(missingFinalNewline: missingFinalNewline)
    }

    private mutating func flush() {
        guard !lines.isEmpty else { return }
        let checker = self.checker, lines = self.lines, count = lines.count, workers = self.workers
        let findings = UnsafeMutableBufferPointer<LineFinding>.allocate(capacity: count)
        defer { findings.deinitialize().deallocate() }
        bytes.withUnsafeBytes { all in
            nonisolated(unsafe) let all = all, findings = findings
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    let range = lines[index].range
                    (findings.baseAddress! + index).initialize(to: checker.examine(range.map { UnsafeRawBufferPointer(rebasing: all[$0]) }))
                    index += workers
                }
            }
        }
        for index in 0..<count { self.checker.apply(findings[index], line: lines[index].number) }
        self.lines.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// The machine's processors.
private enum System {
    static let processors = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
