import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OPXEventLog
import OPXEvents
import OPXServer
import Testing

@Suite struct AuthTests {
    @Test func healthzAnswersWithoutAToken() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["lmdbVersion"]?.stringValue?.hasPrefix("LMDB") == true)
            #expect(response.json["headPosition"]?.int64Value == 0)
            #expect(response.json["maxReaders"]?.int64Value ?? 0 > 0)
        }
    }

    @Test func everyOtherRouteNeedsABearerToken() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            for uri in ["/v1/events", "/v1/streams/incident-1", "/v1/incidents", "/v1/investigations", "/v1/usage", "/metrics",
                        "/v1/export", "/v1/subscribe", "/v1/status/x"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.json["error"]?["message"]?.stringValue?.contains("Authorization: Bearer") == true)
            }
        }
    }

    @Test func unknownAndRevokedTokensAreRefusedAndNothingIsAppended() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let unknown = try await client.execute(uri: "/v1/streams/signals-a", method: .post,
                                                   headers: ServerFixture.headers("opx_not-a-token"), body: appendBody(signalPayload(1)))
            #expect(unknown.status == .unauthorized)
            #expect(unknown.json["error"]?["message"]?.stringValue == "the token is unknown or revoked")
            _ = try fixture.tokens.revoke("ingester")
            let revoked = try await client.execute(uri: "/v1/streams/signals-a", method: .post,
                                                   headers: ServerFixture.headers(fixture.ingester), body: appendBody(signalPayload(1)))
            #expect(revoked.status == .unauthorized)
            let malformed = try await client.execute(uri: "/v1/events", method: .get, headers: [.authorization: "Basic abc"])
            #expect(malformed.status == .unauthorized)
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func aTokenRevokedAfterItWasAcceptedIsRefusedOnTheNextRequest() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            // Accepted twice, so the server has it among the tokens it verified before.
            for _ in 0..<2 {
                let accepted = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.reader))
                #expect(accepted.status == .ok)
            }
            _ = try fixture.tokens.revoke("reader")
            let revoked = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(revoked.status == .unauthorized)
            #expect(revoked.json["error"]?["message"]?.stringValue == "the token is unknown or revoked")
        }
    }

    @Test func aTokenOfAnotherScopeGetsForbidden() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let append = try await client.execute(uri: "/v1/streams/signals-a", method: .post,
                                                  headers: ServerFixture.headers(fixture.reader), body: appendBody(signalPayload(1)))
            #expect(append.status == .forbidden)
            #expect(append.json["error"]?["code"]?.stringValue == "wrong-scope")
            let read = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.ingester))
            #expect(read.status == .forbidden)
            let admin = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.admin))
            #expect(admin.status == .ok)
        }
        #expect(try fixture.log.head().position == .start)
    }

    @Test func aTokenOverItsRateGetsTooManyRequestsWithRetryAfter() async throws {
        let fixture = try await ServerFixture { $0.requestsPerSecond = 0.01; $0.burst = 2 }
        try await fixture.test { client in
            var statuses: [Int] = []
            for _ in 0..<3 {
                statuses.append(try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.reader)).status.code)
            }
            #expect(statuses == [200, 200, 429])
            let limited = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.reader))
            #expect(limited.headers[.retryAfter].flatMap(Int.init) ?? 0 >= 1)
            let other = try await client.execute(uri: "/v1/events", method: .get, headers: ServerFixture.headers(fixture.admin))
            #expect(other.status == .ok)
        }
    }

    @Test func tokensAreStoredOnlyAsHashesInAPrivateFile() async throws {
        let fixture = try await ServerFixture()
        let text = try String(contentsOfFile: fixture.tokens.path, encoding: .utf8)
        #expect(!text.contains(fixture.admin) && !text.contains(fixture.reader))
        #expect(text.contains(TokenRecord.hash(fixture.admin)))
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.tokens.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
