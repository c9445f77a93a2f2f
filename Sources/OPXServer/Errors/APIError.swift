package import Hummingbird
import NIOCore
package import OPXEvents

/// An error answered to an HTTP client: a status and a JSON body naming what was wrong and where.
///
/// The body is `{"error": {"status": 400, "code": "malformed-json", "message": "…", "pointer": "/events/0"}}`;
/// `pointer` (an RFC 6901 JSON Pointer into the request body, or the name of a query parameter or
/// header) is present when one field is at fault. 5xx errors are retryable; 4xx errors are not,
/// except 409 (re-read and retry), 413 (split) and 429 (wait `Retry-After` seconds).
package struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    package let status: HTTPResponse.Status
    /// A short, stable, machine-readable code such as `malformed-json`.
    package let code: String
    /// What was wrong, where, and how to fix it. Never contains tokens or body bytes.
    package let message: String
    /// The JSON Pointer (or parameter name) of the offending field, if one.
    package let pointer: String?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    package var headers: HTTPFields = [:]

    package init(_ status: HTTPResponse.Status, _ code: String, _ message: String, pointer: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.pointer = pointer
    }

    package var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body.
    package var body: JSONValue {
        var members: [(String, JSONValue)] = [("status", .number(JSONNumber(Int64(status.code)))), ("code", .string(code)),
                                               ("message", .string(message))]
        if let pointer { members.append(("pointer", .string(pointer))) }
        return .object(["error": .object((try? JSONObject(members)) ?? JSONObject())])
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: CanonicalJSONWriter.canonicalBytes(body))))
    }
}

extension APIError {
    /// 400: the request can never succeed as sent.
    static func badRequest(_ code: String, _ message: String, pointer: String? = nil) -> APIError {
        APIError(.badRequest, code, message, pointer: pointer)
    }

    /// 503 with `Retry-After`: try again shortly.
    static func unavailable(_ code: String, _ message: String, retryAfter seconds: Int = 1) -> APIError {
        var error = APIError(.serviceUnavailable, code, message)
        error.headers[.retryAfter] = String(seconds)
        return error
    }
}
