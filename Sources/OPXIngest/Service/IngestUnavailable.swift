/// An ingest that failed for a reason outside its own input, writing nothing: retrying the same request may succeed.
///
/// Requests decided together share one atomic append; when another request's events make that append fail,
/// this request is answered with this error (HTTP 503) instead of the other request's.
package struct IngestUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, and that a retry is safe.
    package let description: String

    init(_ description: String) { self.description = description }
}
