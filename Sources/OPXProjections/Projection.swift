/// A projection: a pure fold of the log into keyed rows.
///
/// `apply` is a function of the event and the rows only: it reads no clock (times come from the
/// event), no random source, does no I/O and never depends on dictionary iteration order (rows
/// are written in canonical key order; iterate ``sortedKeys(_:)``). Folding the same events
/// therefore always gives byte-identical rows, whether from scratch, resumed after a crash, inline
/// in appends or in memory for time travel.
///
/// An event the fold cannot use (a missing field, an unexpected value) is skipped, never an
/// error: the log is the truth and a fold must not stop on it. `apply` throws only what the rows
/// throw (storage failures, damaged rows).
///
/// ```swift
/// struct CountsProjection: Projection {
///     var name: String { "counts" }
///     var version: Int { 1 }
///     var eventTypes: [String] { ["signal.ingested"] }
///     func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws {
///         try rows.update("total", as: CountRow.self, default: { CountRow() }) { $0.count += 1 }
///     }
/// }
/// ```
package protocol Projection: Sendable {
    /// A unique name of lowercase words and `-`; its rows live in the LMDB database `projection.<name>`.
    var name: String { get }
    /// The fold's version. Bump it whenever the fold or its rows change; stored state of another
    /// version is rebuilt automatically.
    var version: Int { get }
    /// Settings that change what the fold produces (e.g. a retention period), as text; stored state
    /// folded with other settings is rebuilt like a version change. Empty by default.
    var configuration: String { get }
    /// The event types the fold reads; other events never reach ``apply(_:to:)``.
    var eventTypes: [String] { get }
    /// Folds one event into the rows.
    func apply(_ event: ProjectionEvent, to rows: inout ProjectionRows) throws
}

extension Projection {
    package var configuration: String { "" }

    /// The name of the LMDB database holding the rows.
    package var databaseName: String { "projection.\(name)" }
}
