import Glibc
import OPXEvents

/// Verifies an export file offline, without a store: every event's hash, the chain between
/// consecutive positions, contiguity where the selection is contiguous, and the summary's counts,
/// anchor and last hash. Never trusts the input: malformed, huge or random files give problems,
/// never a crash, and memory stays bounded by the longest line kept.
///
/// ```swift
/// let report = try ExportVerifier.verify(fileAt: "audit.ndjson")
/// if let first = report.firstProblem { print("first bad line \(first.line): \(first.message)") }
/// ```
package enum ExportVerifier {
    /// The longest line considered (longer lines are reported, not read).
    package static let maximumLineBytes = 16 << 20
    /// The largest OTLP/JSON export checked (it is one JSON document).
    package static let maximumOTLPBytes = 256 << 20

    /// Verifies the export in the file at `path`.
    /// - Parameter progress: Called now and then with (bytes read, file size).
    /// - Throws: ``ExportError`` `.invalidExport` when the file cannot be opened or read.
    package static func verify(fileAt path: String, progress: (_ done: UInt64, _ total: UInt64) -> Void = { _, _ in }) throws -> ExportVerificationReport {
        let reader = try ExportFileReader(path: path)
        if isOTLP(reader.prefix(32)) {
            guard reader.size <= UInt64(maximumOTLPBytes) else {
                var report = ExportVerificationReport()
                report.report(1, "an OTLP/JSON export larger than \(maximumOTLPBytes) bytes is not checked; export CloudEvents for large audits")
                return report
            }
            guard let bytes = reader.readAll() else { throw ExportError(.invalidExport, "cannot read \(path): \(String(cString: strerror(errno)))") }
            return OTLPExportChecker.check(bytes)
        }
        var splitter = LineSplitter(maximumLength: maximumLineBytes)
        var verifier = ParallelLineVerifier()
        while try reader.next({ block in splitter.feed(block) { verifier.take($0, $1) } }) {
            progress(reader.done, reader.size)
        }
        splitter.finish { verifier.take($0, $1) }
        return verifier.finish(missingFinalNewline: splitter.missingFinalNewline)
    }

    /// Verifies an export held in memory.
    package static func verify(bytes: [UInt8]) -> ExportVerificationReport {
        if isOTLP(bytes.prefix(32)) { return OTLPExportChecker.check(bytes) }
        var splitter = LineSplitter(maximumLength: maximumLineBytes)
        var verifier = ParallelLineVerifier()
        bytes.withUnsafeBytes { buffer in splitter.feed(buffer) { verifier.take($0, $1) } }
        splitter.finish { verifier.take($0, $1) }
        return verifier.finish(missingFinalNewline: splitter.missingFinalNewline)
    }

    private static func isOTLP(_ head: some Collection<UInt8>) -> Bool {
        head.starts(with: "{\"resourceSpans\"".utf8)
    }
}
