import Foundation
import HTTPTypes
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import OPXEventLog
import OPXEvents
import OPXProjections
import OPXServer
import OPXStorage
import OPXTesting

/// A real store in a temporary directory with the built-in projections attached, tokens of each
/// scope, and the router built over them. The store is closed when the fixture goes away.
final class ServerFixture: Sendable {
    let directory = TemporaryDirectory()
    let log: EventLog
    let tokens: TokenStore
    let admin: String
    let reader: String
    let ingester: String
    let server: ServerContext

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let path = directory.appending("data")
        log = try await EventLog(path: path, configuration: .readWrite(create: true), registry: EventRegistry(), logger: logger)
        _ = try await ProjectionRunner.open(log: log, projections: BuiltInProjections.registrations(), logger: logger)
        tokens = TokenStore(directory: path)
        admin = try tokens.create(name: "admin", scope: .admin, adapter: nil).token
        reader = try tokens.create(name: "reader", scope: .read, adapter: nil).token
        ingester = try tokens.create(name: "ingester", scope: .ingest, adapter: nil).token
        var server = ServerContext(log: log, tokens: tokens)
        configure(&server.configuration)
        self.server = server
    }

    deinit { log.close() }

    /// Runs `body` with a router test client.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: buildRouter(server))
        try await app.test(.router, body)
    }

    /// Bearer headers for `token`, with a JSON content type.
    static func headers(_ token: String?, contentType: String? = "application/json") -> HTTPFields {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue { (try? JSONParser.parse(Array(body.readableBytesView))) ?? .null }
    /// The body as text.
    var text: String { String(buffer: body) }
}

/// A valid `signal.ingested` payload for stream appends.
func signalPayload(_ n: Int) -> String {
    let uuid = "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n)
    return #"{"signalId":"\#(uuid)","source":"test","fingerprint":"fp-\#(n)","name":"HighLatency","status":"firing","severity":"SEV2","service":"checkout","startsAt":"2026-01-05T08:00:00Z"}"#
}

/// A one-event append body.
func appendBody(_ payload: String, type: String = "signal.ingested", expected: String? = nil, id: String? = nil) -> ByteBuffer {
    var event = #"{"type":"\#(type)","data":\#(payload)"#
    if let id { event += #","id":"\#(id)""# }
    event += "}"
    let expectation = expected.map { #""expectedRevision":\#($0),"# } ?? ""
    return ByteBuffer(string: #"{\#(expectation)"events":[\#(event)]}"#)
}
