import Foundation
import OPXEvents
import OPXTesting
import Testing

/// The built `opx serve` over a real socket, driven by curl.
@Suite struct LiveServerTests {
    /// Runs curl; returns the status code and the body.
    static func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "20"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let split = text.lastIndex(of: "\n")!
        return (Int(text[text.index(after: split)...]) ?? 0, String(text[..<split]))
    }

    /// The first line the process prints on stdout.
    static func firstLine(of process: Process) -> String {
        let handle = (process.standardOutput as! Pipe).fileHandleForReading
        var bytes: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            guard read(handle.fileDescriptor, &byte, 1) == 1, byte != 10 else { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func servesOverARealSocketStreamsLiveEventsRefusesARevokedTokenAndStopsCleanlyOnSIGTERM() throws {
        let directory = TemporaryDirectory()
        let data = directory.appending("data")
        #expect(try OPXCommand.run(["init", "--data", data]).status == 0)
        let created = try OPXCommand.run(["token", "create", "--data", data, "--scope", "admin", "--name", "live"])
        #expect(created.status == 0)
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("opx_") && !created.stdout.contains(" "))
        let server = try OPXCommand.start(["serve", "--data", data, "--port", "0"])
        defer { if server.isRunning { server.terminate() } }
        let line = Self.firstLine(of: server)
        let base = try #require(line.split(separator: " ").last.map(String.init), "opx serve said \(line)")
        #expect(base.hasPrefix("http://127.0.0.1:"))

        let health = try Self.curl([base + "/healthz"])
        #expect(health.status == 200)
        #expect(health.body.contains("\"lmdbVersion\""))
        let auth = ["-H", "Authorization: Bearer \(token)"]
        // A subscriber connected before the webhook: it receives the signal live, and shutdown ends its stream.
        let subscriber = Process()
        subscriber.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        subscriber.arguments = ["-sN", "--max-time", "60"] + auth + [base + "/v1/subscribe"]
        let events = Pipe()
        subscriber.standardOutput = events
        try subscriber.run()
        defer { if subscriber.isRunning { subscriber.terminate() } }
        let webhook = #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Live","service":"web"},"startsAt":"2026-11-24T06:00:00Z","fingerprint":"live-1"}]}"#
        let posted = try Self.curl(auth + ["-H", "Content-Type: application/json", "-H", "X-Request-Id: live-test-1", "--data", webhook,
                                           base + "/v1/ingest/alertmanager"])
        #expect(posted.status == 200)
        let read = try Self.curl(auth + [base + "/v1/events?limit=10"])
        #expect(read.status == 200)
        #expect(read.body.contains("\"fingerprint\":\"live-1\""))
        let noToken = try Self.curl([base + "/v1/events"])
        #expect(noToken.status == 401)

        #expect(try OPXCommand.run(["token", "revoke", "--data", data, "live"]).status == 0)
        let revoked = try Self.curl(auth + [base + "/v1/events"])
        #expect(revoked.status == 401)

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let stream = String(decoding: events.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        subscriber.waitUntilExit()
        #expect(stream.hasPrefix("id: 1\nevent: signal.ingested\ndata: {"))
        #expect(stream.contains("\"fingerprint\":\"live-1\""))
        let log = String(decoding: (server.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // The request's log line names the token that authenticated it (by its public id, never the secret).
        let posting = try #require(log.split(separator: "\n").first { $0.contains("\"request.id\":\"live-test-1\"") && $0.contains("\"message\":\"request\"") })
        #expect(posting.contains("\"opx.token\":\"") && posting.contains("\"http.status\":\"200\""), "\(posting)")
        for line in log.split(separator: "\n") where line.hasPrefix("{") {
            let object = try #require(try JSONParser.parse(Array(line.utf8)).objectValue, "every log line is a JSON object")
            #expect(["time", "level", "logger", "message"].allSatisfy { object[$0] != nil })
        }
        #expect(!log.contains(token) && !log.contains("live-1"))
        #expect(try OPXCommand.run(["verify", "--data", data]).status == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func serveWithInvestigateRunsAnInvestigationOfEveryIncidentAnIngestOpens() throws {
        let directory = TemporaryDirectory()
        let data = directory.appending("data")
        #expect(try OPXCommand.run(["init", "--data", data]).status == 0)
        let token = try OPXCommand.run(["token", "create", "--data", data, "--scope", "admin", "--name", "auto"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try OPXCommand.start(["serve", "--data", data, "--port", "0", "--investigate"])
        defer { if server.isRunning { server.terminate() } }
        let line = Self.firstLine(of: server)
        let base = try #require(line.split(separator: " ").last.map(String.init), "opx serve said \(line)")
        let auth = ["-H", "Authorization: Bearer \(token)"]
        // A critical alert opens an incident (the default `critical-signal` rule).
        let webhook = #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","service":"web","severity":"critical"},"startsAt":"2026-11-24T06:00:00Z","fingerprint":"auto-1"}]}"#
        let posted = try Self.curl(auth + ["-H", "Content-Type: application/json", "--data", webhook, base + "/v1/ingest/alertmanager"])
        #expect(posted.status == 200, "\(posted.body)")
        // The investigation runs in the background; wait (generously, the machine may be busy) until it ends.
        var listed = ""
        for _ in 0..<600 where !listed.contains("\"completed\"") && !listed.contains("\"degraded\"") {
            usleep(100_000)
            listed = try Self.curl(auth + [base + "/v1/investigations"]).body
        }
        #expect(listed.contains("\"completed\"") || listed.contains("\"degraded\""), "\(listed)")
        server.terminate()
        server.waitUntilExit()
        let history = try OPXCommand.run(["read", "--data", data, "--json"])
        #expect(history.stdout.contains(#""trigger":"automatic""#))
        #expect(history.stdout.contains("dev.opx.consensus.reached"))
    }
}
