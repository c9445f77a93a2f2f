import Foundation
import OPXEvents

/// One CloudEvents 1.0 event, validated as the specification requires.
///
/// Required: `specversion` (`1.0`), and non-empty string `id`, `source`, `type`. Optional string `datacontenttype`,
/// `dataschema`, `subject`, and RFC 3339 `time`. Extension names are lower-case letters and digits; their values
/// are strings, numbers or booleans. `data` and `data_base64` are mutually exclusive. A `null` attribute is absent.
struct CloudEvent {
    var id: String
    var source: String
    var type: String
    var subject: String?
    var time: Timestamp?
    var dataschema: String?
    var datacontenttype: String?
    /// The data: JSON for JSON content, a string for text, base64 text for binary data.
    var data: JSONValue?
    /// Extension attributes as text.
    var extensions: [String: String]
    /// The JSON Pointer of the event in the body (`""`, or `/<index>` in a batch).
    var pointer: String

    private static let coreAttributes: Set<String> = ["specversion", "id", "source", "type", "subject", "time",
                                                      "dataschema", "datacontenttype", "data", "data_base64"]

    /// Reads a structured-mode event (or one member of a batch).
    ///
    /// - Throws: ``IngestError`` (422) naming the attribute that breaks the specification.
    init(structured event: PayloadReader) throws(IngestError) {
        guard let object = event.object else {
            throw .invalid(event.pointer, "a CloudEvent must be a JSON object")
        }
        func string(_ name: String) throws(IngestError) -> String? {
            guard let member = object[name], !member.isNull else { return nil }
            guard case .string(let text) = member, !text.isEmpty else {
                throw .invalid(event.pointer(name), "CloudEvents attribute `\(name)` must be a non-empty string")
            }
            return text
        }
        func required(_ name: String) throws(IngestError) -> String {
            guard let text = try string(name) else {
                throw .invalid(event.pointer(name), "required CloudEvents attribute `\(name)` is missing")
            }
            return text
        }
        let version = try required("specversion")
        guard version == "1.0" else {
            throw .invalid(event.pointer("specversion"), "specversion \"\(version.prefix(20))\" is not supported; send CloudEvents 1.0")
        }
        pointer = event.pointer
        id = try required("id")
        source = try required("source")
        type = try required("type")
        subject = try string("subject")
        dataschema = try string("dataschema")
        datacontenttype = try string("datacontenttype")
        time = try Self.time(try string("time"), pointer: event.pointer("time"))
        let hasData = object["data"].map { !$0.isNull } ?? false
        if let encoded = object["data_base64"], !encoded.isNull {
            guard !hasData else {
                throw .invalid(event.pointer("data_base64"), "a CloudEvent has either `data` or `data_base64`, not both")
            }
            guard case .string(let text) = encoded, Data(base64Encoded: text) != nil else {
                throw .invalid(event.pointer("data_base64"), "`data_base64` must be a base64 string")
            }
            data = .string(text)
        } else {
            data = hasData ? object["data"] : nil
        }
        extensions = [:]
        for (name, value) in object.members where !Self.coreAttributes.contains(name) && !value.isNull {
            try Self.checkExtensionName(name, pointer: event.pointer(name))
            switch value {
            case .string(let text): extensions[name] = text
            case .number, .bool: extensions[name] = PayloadReader(value: value, pointer: "").text
            default: throw .invalid(event.pointer(name), "extension attribute `\(name)` must be a string, number or boolean")
            }
        }
    }

    /// Reads a binary-mode event: attributes from `ce-*` headers (percent-decoded), data from the body.
    ///
    /// - Throws: ``IngestError`` (422) naming the header that breaks the specification.
    init(binary request: IngestRequest) throws(IngestError) {
        func header(_ name: String) throws(IngestError) -> String? {
            guard let raw = request.headers["ce-\(name)"] else { return nil }
            let text = raw.removingPercentEncoding ?? raw
            guard !text.isEmpty else { throw .invalid("ce-\(name)", "CloudEvents header ce-\(name) is empty") }
            return text
        }
        func required(_ name: String) throws(IngestError) -> String {
            guard let text = try header(name) else {
                throw .invalid("ce-\(name)", "required CloudEvents header ce-\(name) is missing")
            }
            return text
        }
        let version = try required("specversion")
        guard version == "1.0" else {
            throw .invalid("ce-specversion", "specversion \"\(version.prefix(20))\" is not supported; send CloudEvents 1.0")
        }
        pointer = ""
        id = try required("id")
        source = try required("source")
        type = try required("type")
        subject = try header("subject")
        dataschema = try header("dataschema")
        datacontenttype = request.contentType
        time = try Self.time(try header("time"), pointer: "ce-time")
        extensions = [:]
        for (name, value) in request.headers where name.hasPrefix("ce-") {
            let attribute = String(name.dropFirst(3))
            guard !Self.coreAttributes.contains(attribute) else { continue }
            try Self.checkExtensionName(attribute, pointer: name)
            extensions[attribute] = value.removingPercentEncoding ?? value
        }
        // The distributed-tracing extension travels in the W3C header, not a ce- one.
        if extensions["traceparent"] == nil, let traceparent = request.headers["traceparent"] {
            extensions["traceparent"] = traceparent
        }
        if request.body.isEmpty {
            data = nil
        } else if let media = AdapterDispatch.mediaType(request.contentType),
                  media == "application/json" || media.hasSuffix("+json") || media == "text/json" {
            data = try AdapterDispatch.parse(request.body)
        } else if let text = String(validating: request.body, as: UTF8.self) {
            data = .string(text)
        } else {
            data = .string(Data(request.body).base64EncodedString())
        }
    }

    private static func time(_ text: String?, pointer: String) throws(IngestError) -> Timestamp? {
        guard let text else { return nil }
        guard let time = try? Timestamp(rfc3339: text) else {
            throw .invalid(pointer, "CloudEvents `time` \"\(text.prefix(40))\" is not an RFC 3339 time such as 2018-04-05T17:31:00Z")
        }
        return time
    }

    private static func checkExtensionName(_ name: String, pointer: String) throws(IngestError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }) else {
            throw .invalid(pointer, "CloudEvents attribute name \"\(name.prefix(40))\" must be lower-case letters and digits only")
        }
    }
}
