/// Counts of observed values in fixed buckets, with their sum: the shape of a Prometheus histogram.
///
/// ``WriterStatistics`` keeps one per measured quantity of the writer (job waits, commit times, group sizes);
/// `/metrics` prints them as Prometheus histograms.
package struct WriterHistogram: Sendable, Hashable {
    /// The buckets' inclusive upper bounds, ascending; values above the last fall in an implicit `+Inf` bucket.
    package let bounds: [Double]
    /// How many values fell in each bucket (not cumulative); one more entry than `bounds`, for `+Inf`.
    package private(set) var counts: [Int]
    /// The sum of all values recorded.
    package private(set) var sum: Double = 0

    /// An empty histogram with buckets up to each of `bounds` (ascending).
    package init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count + 1)
    }

    /// How many values were recorded.
    package var count: Int { counts.reduce(0, +) }

    /// Counts `value` in its bucket.
    package mutating func record(_ value: Double) {
        var index = 0
        while index < bounds.count && value > bounds[index] { index += 1 }
        counts[index] += 1
        sum += value
    }

    /// Bounds in seconds for waits and commit times of the writer: finer between 1 and 100 ms, where a loaded
    /// server's commits and their tails lie.
    package static let secondsBounds: [Double] = [0.000_1, 0.000_5, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02,
                                                  0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 1]
    /// Bounds for jobs per group commit.
    package static let jobsBounds: [Double] = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 128, 256]
    /// Bounds in bytes for a group commit's weight (what its jobs declared they write).
    package static let bytesBounds: [Double] = [4_096, 16_384, 65_536, 131_072, 262_144, 524_288, 1_048_576, 4_194_304, 16_777_216]
}
