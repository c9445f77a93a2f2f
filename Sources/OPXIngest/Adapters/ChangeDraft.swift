import OPXEvents

/// A change as an adapter read it, before it is bounded to the `change.recorded` schema and given its id.
struct ChangeDraft {
    /// The parts of the source's idempotency key.
    var key: [String]
    var service: String
    var kind: ChangeKind
    var at: Timestamp
    var source: String? = nil
    var summary: String? = nil
    var version: String? = nil
    var previousVersion: String? = nil
    var author: String? = nil
    var environment: String? = nil
    var externalId: String? = nil
    var url: String? = nil
    var labels: [String: String]? = nil

    /// The `change.recorded` event for the stream `changes-<service>` (the service reduced to stream-id characters).
    func item(origin: IngestAdapter) throws(IngestError) -> IngestItem {
        let id = IdempotencyKey.eventID(at: at, ["change"] + key)
        let service = Bounded.text(service, 200) ?? "unknown"
        let change = ChangeRecorded(
            changeId: EntityID(id), service: service, kind: kind, at: at, source: source.flatMap(Self.sourceName),
            summary: Bounded.text(summary, 1024), version: Bounded.text(version, 128),
            previousVersion: Bounded.text(previousVersion, 128), author: Bounded.text(author, 200),
            environment: Bounded.text(environment, 64), externalId: Bounded.text(externalId, 512),
            url: Bounded.text(url, 2048), labels: Bounded.map(labels, valueLength: 1024))
        return IngestItem(stream: StreamID(unchecked: "changes-\(Self.streamSafe(service))"),
                          event: try Bounded.event(change, id: id, source: origin.eventSource), signal: nil)
    }

    /// `text` with every character a stream id does not allow replaced by `_`, at most 180 bytes.
    static func streamSafe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@/+=-".utf8)
        return String(decoding: text.utf8.prefix(180).map { allowed.contains($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }

    /// A source name in the schema's shape (`github-actions`): lower-case letters and digits separated by single
    /// `.`, `_` or `-`; `nil` when nothing is left.
    static func sourceName(_ text: String) -> String? {
        var out = ""
        for scalar in text.lowercased().unicodeScalars.prefix(64) {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, let last = out.last, last.isLetter || last.isNumber {
                out.append(scalar == "." || scalar == "_" ? Character(scalar) : "-")
            }
        }
        while let last = out.last, !(last.isLetter || last.isNumber) { out.removeLast() }
        return out.isEmpty ? nil : out
    }
}
