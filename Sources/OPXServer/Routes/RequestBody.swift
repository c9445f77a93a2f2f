import Foundation
import Hummingbird
import NIOCore
import OPXEvents

extension Request {
    /// The body as bytes, at most `context.maxUploadSize` of them.
    /// - Throws: ``APIError`` 413 naming the limit when the body (or its `Content-Length`) is larger.
    func bodyBytes(context: OPXRequestContext) async throws -> [UInt8] {
        let limit = context.maxUploadSize
        let tooLarge = APIError(.contentTooLarge, "body-too-large",
                                "the request body is larger than the server's limit of \(limit) bytes (server.maxBodyBytes); send fewer events per request")
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        do {
            let buffer = try await body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// The body parsed as JSON, after checking that the content type is JSON.
    /// - Throws: ``APIError`` 415 for another content type, 413 for a large body, 400 (with the
    ///   offending byte offset and pointer) for malformed JSON.
    func jsonBody(context: OPXRequestContext, accepting types: [String] = []) async throws -> JSONValue {
        try requireJSONContentType(accepting: types)
        return try parseJSON(try await bodyBytes(context: context))
    }

    /// Refuses a content type other than `application/json` (or `+json`, or one of `types`).
    func requireJSONContentType(accepting types: [String] = []) throws {
        let mediaType = headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType else {
            throw APIError(.unsupportedMediaType, "missing-content-type", "send the body with Content-Type: application/json", pointer: "Content-Type")
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") || types.contains(mediaType) else {
            throw APIError(.unsupportedMediaType, "wrong-content-type",
                           "Content-Type \(mediaType.prefix(80)) is not accepted here; send application/json", pointer: "Content-Type")
        }
    }
}

/// Parses a request body, mapping parse errors to 400 with the byte offset.
func parseJSON(_ bytes: [UInt8]) throws -> JSONValue {
    do {
        return try JSONParser.parse(bytes)
    } catch {
        throw APIError.badRequest("malformed-json", "the body is not valid JSON at byte \(error.byteOffset): \(error.message)",
                                  pointer: error.pointer.isEmpty ? nil : error.pointer)
    }
}

/// A response with a JSON body.
func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    jsonResponse(bytes: CanonicalJSONWriter.canonicalBytes(value), status: status)
}

/// A response with already-encoded JSON bytes.
func jsonResponse(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}

extension FieldError {
    /// The 400 answer for this field.
    var apiError: APIError {
        APIError(overLimit ? .contentTooLarge : .badRequest, overLimit ? "batch-too-large" : "invalid-field",
                 "\(pointer.isEmpty ? "the body" : pointer) \(message)", pointer: pointer)
    }
}

/// Query parameter helpers with errors naming the parameter.
struct QueryParameters {
    let request: Request

    /// An unsigned integer parameter, or `default` when absent.
    func uint(_ name: String, default value: UInt64, max: UInt64 = .max) throws -> UInt64 {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = UInt64(text), number <= max else {
            throw APIError.badRequest("invalid-parameter", "query parameter \(name) must be a non-negative integer up to \(max)", pointer: name)
        }
        return number
    }

    /// A string parameter, or `nil`.
    func string(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }
}
