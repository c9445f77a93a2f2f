import Foundation
import OPXEvents

/// Checks a request's content type, parses its JSON and hands it to its adapter.
enum AdapterDispatch {
    static func read(_ request: IngestRequest, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        if request.adapter == .cloudevents {
            return try CloudEventsAdapter().read(request, context: context)
        }
        try requireJSON(request.contentType)
        let root = PayloadReader(root: try parse(request.body))
        switch request.adapter {
        case .alertmanager, .grafana: return try AlertmanagerAdapter(origin: request.adapter).read(root, context: context)
        case .eventbridge: return try EventBridgeAdapter().read(root, context: context)
        case .pagerduty: return try PagerDutyAdapter().read(root, context: context)
        case .changes: return try ChangesAdapter().read(root, context: context)
        case .cloudevents: return try CloudEventsAdapter().read(request, context: context)
        }
    }

    /// The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return type.trimmingBlanks.lowercased()
    }

    /// Accepts no content type (files), `application/json`, `text/json` and any `+json` type.
    static func requireJSON(_ contentType: String?) throws(IngestError) {
        guard let type = mediaType(contentType), !type.isEmpty else { return }
        guard type == "application/json" || type == "text/json" || type.hasSuffix("+json") else {
            throw IngestError(status: 415, "content type \(type) is not JSON; send the body as application/json")
        }
    }

    /// Parses a JSON body.
    ///
    /// - Throws: ``IngestError`` (400) with the byte offset and pointer of the first problem.
    static func parse(_ body: [UInt8]) throws(IngestError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .malformed(error.pointer, "the body is not valid JSON: \(error.message) at byte \(error.byteOffset)")
        }
    }
}
