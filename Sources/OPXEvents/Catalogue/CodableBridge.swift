import Foundation

/// Converts between Codable values and ``JSONValue`` (building an event, decoding one event), with the catalogue's
/// error messages.
///
/// It goes straight between the two (``JSONValueEncoder``, ``JSONValueDecoder``), with no JSON text in between.
/// Folds over many events still avoid it: they read the ``JSONValue`` or the bytes.
enum CodableBridge {
    /// Encodes a value to JSON.
    static func encode(_ value: some Encodable) throws(CatalogueError) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(value)
        } catch {
            throw CatalogueError(.encodingFailed, "cannot encode \(type(of: value)) as JSON: \(error)")
        }
    }

    /// Decodes a value from JSON.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(CatalogueError) -> T {
        do {
            return try JSONValueDecoder.decode(T.self, from: value)
        } catch let error as DecodingError {
            throw CatalogueError(.decodingFailed, "cannot decode \(T.self): \(describe(error))")
        } catch {
            throw CatalogueError(.decodingFailed, "cannot decode \(T.self): \(error)")
        }
    }

    /// A decoding error as `<pointer>: <what>`, without quoting the payload.
    private static func describe(_ error: DecodingError) -> String {
        func pointer(_ path: [any CodingKey]) -> String {
            path.reduce("") { base, key in
                key.intValue.map { JSONPointer.appending(base, index: $0) } ?? JSONPointer.appending(base, key.stringValue)
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(pointer(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(pointer(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "\(JSONPointer.appending(pointer(context.codingPath), key.stringValue)): missing"
        case .dataCorrupted(let context):
            return "\(pointer(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
