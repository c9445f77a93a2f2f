// The issue-3 figure: validate + canonicalise + hash one typical ~500-byte event, on one core.

import Foundation
import OPXEventLog
import OPXEvents

/// A valid `signal.ingested` payload of about 500 bytes, as JSON text the way an adapter gets it
/// (keys unsorted, whitespace), so parsing and canonicalising do real work.
private func signalText(_ i: Int) -> [UInt8] {
    let text = """
        { "status": "firing", "signalId": "7f3c0e4a-1b2c-4d5e-8f90-\(String(format: "%012d", i))",
          "source": "alertmanager", "fingerprint": "fp-\(i)", "name": "HighErrorRate",
          "summary": "5xx ratio above 5% on checkout, 10 min",
          "service": "checkout", "severity": "critical", "startsAt": "2026-11-24T06:00:00Z",
          "url": "https://grafana.example.com/d/abc/checkout?orgId=1&viewPanel=\(i % 97)",
          "labels": { "alertname": "HighErrorRate", "service": "checkout", "severity": "critical",
                      "region": "eu-west-1" },
          "annotations": { "runbook": "https://runbooks.example.com/checkout/5xx" } }
        """
    return Array(text.utf8)
}

/// Parses, validates against the catalogue, canonicalises, and hashes into the chain
/// (CloudEvents form + SHA-256), one event after another on one core.
func runValidate(_ options: Options, rep: Int) async throws -> Double {
    let registry = EventRegistry()
    let type = try EventType("signal.ingested")
    let count = options.events > 0 ? options.events : 200_000
    let inputs = (0..<1024).map(signalText)
    let ids = (0..<1024).map { _ in EventID.random() }   // ids come with the input (adapters, CLI): not timed
    let stream = try StreamID("signals-alertmanager")
    var hasher = ChainHasher()
    var previous = EventHash.genesis
    var bytes = 0
    let started = Date()
    for i in 0..<count {
        let input = inputs[i % inputs.count]
        let payload = try JSONParser.parse(input)
        try registry.validate(type: type, version: 1, payload: payload)
        let event = ProposedEvent(id: ids[i % ids.count], type: type, data: payload)
        bytes += event.data.count
        previous = CloudEventFields.withOwned(
            position: UInt64(i + 1), stream: stream, revision: UInt64(i), id: event.id, type: type, schemaVersion: 1,
            recordedAt: Timestamp(nanoseconds: 1_795_000_000_000_000_000), source: .default, correlationID: nil,
            causationID: nil, traceparent: nil, data: event.data, previousHash: previous) { hasher.hash($0) }
    }
    let seconds = Date().timeIntervalSince(started)
    let rate = Double(count) / seconds
    print("opx_validate rep=\(rep) n=\(count) input_bytes=\(inputs[0].count) canonical_bytes=\(bytes / count) "
        + "seconds=\(String(format: "%.3f", seconds)) events_per_s=\(Int(rate)) us_per_event=\(String(format: "%.2f", 1e6 / rate)) head=\(previous.description.prefix(12))")
    return rate
}
