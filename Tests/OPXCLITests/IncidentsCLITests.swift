import Foundation
import OPXTesting
import Testing

/// End-to-end tests of `opx incidents`.
@Suite struct IncidentsCLITests {
    let dir = TemporaryDirectory(prefix: "opx-incidents-cli")
    var data: String { dir.appending("store") }
    /// A real Alertmanager webhook: three firing `major` ICMP alerts of job `blackbox-icmp`.
    let webhook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OPXIngestTests/Fixtures/alertmanager/blackbox-firing-three-alerts.json").path

    @Test func incidentsListsWhatCorrelationOpenedAndFiltersByServiceAndSeverity() throws {
        #expect(try OPXCommand.run(["init", "--data", data]).status == 0)
        let ingest = try OPXCommand.run(["ingest", "--data", data, "--adapter", "alertmanager", webhook])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let all = try OPXCommand.run(["incidents", "--data", data])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 2, "a header and one incident: \(all.stdout)")
        #expect(lines.last.map { $0.contains("open") && $0.contains("blackbox-icmp") && $0.contains(" 3 ") } == true)

        let json = try OPXCommand.run(["incidents", "--data", data, "--service", "blackbox-icmp", "--status", "open", "--json"])
        #expect(json.stdout.split(separator: "\n").count == 1)
        #expect(json.stdout.contains(#""service":"blackbox-icmp""#))
        #expect(try OPXCommand.run(["incidents", "--data", data, "--service", "payments"]).stdout == "no incidents match\n")
    }

    @Test func anUnknownSeverityIsAnErrorListingTheValidOnes() throws {
        let run = try OPXCommand.run(["incidents", "--data", data, "--severity", "SEV9"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("SEV1, SEV2, SEV3 or SEV4"))
    }
}
