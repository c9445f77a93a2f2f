/// One payload to ingest: an HTTP request body with its headers, or a file.
package struct IngestRequest: Sendable {
    /// The adapter that reads `body`.
    package var adapter: IngestAdapter
    /// The raw body bytes.
    package var body: [UInt8]
    /// The `Content-Type` header, if any (`nil` for files: JSON is assumed).
    package var contentType: String?
    /// Headers with lower-cased names; CloudEvents binary mode reads the `ce-*` ones.
    package var headers: [String: String]

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - adapter: The adapter that reads `body`.
    ///   - body: The raw body bytes.
    ///   - contentType: The `Content-Type` header, if any.
    ///   - headers: Headers; names are lower-cased here.
    package init(adapter: IngestAdapter, body: [UInt8], contentType: String? = nil, headers: [String: String] = [:]) {
        self.adapter = adapter
        self.body = body
        self.contentType = contentType
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
