import Hummingbird
import OPXEventLog
import OPXEvents
import OPXIngest
import OPXProjections
import OPXStorage

extension APIError {
    /// The answer for an error thrown by the log, the catalogue or the projections.
    ///
    /// Input errors (bad batch, schema failure, wrong expected revision) map to 4xx with the
    /// offending field; storage failures map to 503 with `Retry-After` (the append may be retried
    /// with the same event ids, which makes it idempotent).
    /// - Parameter pointerPrefix: Where the request's events sit in its body (`/events`), so a
    ///   catalogue failure of event 2 at `/severity` is reported at `/events/2/data/severity`.
    static func from(_ error: any Error, eventsAt pointerPrefix: String = "/events") -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as EventLogError:
            return from(error)
        case let error as CatalogueError:
            let base = error.eventIndex.map { "\(pointerPrefix)/\($0)" } ?? pointerPrefix
            let pointer: String
            switch error.code {
            case .unknownType, .unknownVersion: pointer = base + "/type"
            default: pointer = base + "/data" + (error.failures.first?.pointer ?? "")
            }
            return APIError(.unprocessableContent, "invalid-event", error.message, pointer: pointer)
        case let error as ProjectionError:
            switch error.code {
            case .notFound: return APIError(.notFound, "not-found", error.description)
            case .badPoint, .beyondHead: return .badRequest("bad-point", error.description, pointer: "at")
            case .notBuilt, .versionMismatch: return .unavailable("projection-unavailable", error.description, retryAfter: 5)
            default: return APIError(.internalServerError, "projection-error", error.description)
            }
        case let error as EnvelopeError:
            return .badRequest("invalid-envelope", error.description)
        case let error as IngestUnavailable:
            return .unavailable("ingest-unavailable", error.description)
        case let error as StorageError:
            return .unavailable("store-unavailable", "the store could not complete the request (\(error)); retry with the same event ids")
        case let error as HTTPError:
            return APIError(error.status, "http-error", error.body ?? "\(error.status.reasonPhrase)")
        case is CancellationError:
            return .unavailable("cancelled", "the server is shutting down; retry")
        default:
            return APIError(.internalServerError, "internal-error", "unexpected error: \(String(describing: type(of: error)))")
        }
    }

    private static func from(_ error: EventLogError) -> APIError {
        switch error.code {
        case .wrongExpectedRevision:
            return APIError(.conflict, "wrong-expected-revision", error.message, pointer: "/expectedRevision")
        case .idConflict:
            return APIError(.conflict, "id-conflict", error.message)
        case .limitExceeded:
            return APIError(.contentTooLarge, "limit-exceeded", error.message, pointer: "/events")
        case .invalidBatch:
            return .badRequest("invalid-batch", error.message, pointer: "/events")
        case .outOfRange:
            return .badRequest("out-of-range", error.message, pointer: "from")
        case .corrupt, .unsupportedFormat, .truncated:
            return APIError(.internalServerError, "store-damaged", error.message)
        }
    }
}
