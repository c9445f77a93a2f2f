import Foundation

/// Progress of long work on stderr: a rewritten line on a terminal, a plain line every few
/// seconds otherwise (logs and CI), with rate and ETA. Safe to update from several threads.
final class Progress: @unchecked Sendable {
    // Safe to share: every mutable property is touched only while holding `lock`.
    private let lock = NSLock()
    private let label: String
    private let started = Date()
    private lazy var lastShown = terminal ? Date.distantPast : started
    private let terminal = Output.stderrIsTerminal
    private let quiet: Bool

    init(_ label: String, quiet: Bool = false) {
        self.label = label
        self.quiet = quiet
    }

    /// Reports `done` of `total` units.
    func update(_ done: UInt64, of total: UInt64) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= (terminal ? 0.2 : 5) || (done == total && terminal) else { return }
        lastShown = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let eta = rate > 0 && total > done ? Double(total - done) / rate : 0
        let percent = total > 0 ? Double(done) * 100 / Double(total) : 100
        let text = String(format: "%@: %llu/%llu (%.0f%%), %.0f/s, ETA %.0fs", label, done, total, percent, rate, eta)
        if terminal { Output.write(2, "\r\u{1B}[K" + text) } else { Output.error(text) }
    }

    /// Ends the progress line.
    func finish() {
        if terminal && !quiet && lastShown != .distantPast { Output.write(2, "\r\u{1B}[K") }
    }
}
