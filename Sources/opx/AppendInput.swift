import Foundation
import OPXEvents

/// Turns `opx append` input (flags, or NDJSON lines) into proposed events.
enum AppendInput {
    /// One parsed input event and the stream it goes to.
    struct Entry {
        let stream: StreamID
        let event: ProposedEvent
    }

    /// Builds an event from flag values.
    static func event(type: String, data: String, id: String?, source: String?, where place: String) throws -> ProposedEvent {
        let payload: JSONValue
        do { payload = try JSONParser.parse(data) } catch {
            throw CLIError("\(place): --data is not valid JSON: \(error)")
        }
        return try makeEvent(type: type, payload: payload, id: id, source: source, correlation: nil, causation: nil,
                             traceparent: nil, where: place)
    }

    /// Parses one NDJSON line `{"stream":…, "type":…, "data":{…}, "id": optional UUID}`.
    static func entry(line: String, number: Int, defaultStream: StreamID?, source: String?) throws -> Entry {
        let place = "line \(number)"
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw CLIError("\(place): not valid JSON: \(error)")
        }
        guard case .object(let object) = value else { throw CLIError("\(place): expected a JSON object like {\"type\": \"signal.ingested\", \"data\": {…}}") }
        let known: Set<String> = ["stream", "type", "data", "id", "source", "correlationId", "causationId", "traceparent"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw CLIError("\(place): unknown field \"\(unknown)\"; allowed: \(known.sorted().joined(separator: ", "))")
        }
        func string(_ key: String) throws -> String? {
            guard let v = object[key] else { return nil }
            guard case .string(let s) = v else { throw CLIError("\(place): \"\(key)\" must be a string") }
            return s
        }
        let stream: StreamID
        if let name = try string("stream") {
            do { stream = try StreamID(name) } catch { throw CLIError("\(place): \(error)") }
        } else if let defaultStream {
            stream = defaultStream
        } else {
            throw CLIError("\(place): no \"stream\" and no --stream default")
        }
        guard let type = try string("type") else { throw CLIError("\(place): missing \"type\"") }
        guard let payload = object["data"] else { throw CLIError("\(place): missing \"data\"") }
        let event = try makeEvent(type: type, payload: payload, id: try string("id"), source: try string("source") ?? source,
                                  correlation: try string("correlationId"), causation: try string("causationId"),
                                  traceparent: try string("traceparent"), where: place)
        return Entry(stream: stream, event: event)
    }

    private static func makeEvent(type: String, payload: JSONValue, id: String?, source: String?, correlation: String?,
                                  causation: String?, traceparent: String?, where place: String) throws -> ProposedEvent {
        do {
            func uuid(_ text: String?, _ name: String) throws -> EventID? {
                guard let text else { return nil }
                guard let id = EventID(text) else { throw CLIError("\(place): \(name) \"\(text.prefix(60))\" is not a UUID") }
                return id
            }
            return ProposedEvent(id: try uuid(id, "id") ?? .random(), type: try EventType(type), data: payload,
                                 source: try source.map { try EventSource($0) } ?? EventSource(unchecked: "/opx/cli"),
                                 correlationID: try uuid(correlation, "correlationId"),
                                 causationID: try uuid(causation, "causationId"),
                                 traceparent: try traceparent.map { try Traceparent($0) })
        } catch let error as EnvelopeError {
            throw CLIError("\(place): \(error)")
        }
    }
}
