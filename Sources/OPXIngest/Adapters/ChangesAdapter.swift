import OPXEvents

/// Deployments and configuration changes from CI/CD, in opx's own small shape: one object, an array of them,
/// or `{"changes": [...]}`.
///
/// ```json
/// {"service": "checkout", "kind": "deployment", "at": "2026-11-24T06:00:00Z", "version": "v1.4.2",
///  "previousVersion": "v1.4.1", "environment": "production", "author": "alice", "source": "github-actions",
///  "id": "run-1234", "summary": "Deploy v1.4.2", "url": "https://…", "labels": {"commit": "9f1c…"}}
/// ```
///
/// Only `service` is required; `kind` defaults to `deployment`, `at` to the receipt time. `id` (with `source`) is
/// the idempotency key; without it the content is.
struct ChangesAdapter {
    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        let entries: [PayloadReader]
        if root.value.arrayValue != nil {
            entries = root.value.arrayValue!.enumerated().map { PayloadReader(value: $1, pointer: "/\($0)") }
        } else if let changes = root.array("changes") {
            entries = changes
        } else if root.object != nil {
            entries = [root]
        } else {
            throw .invalid("", "a changes body must be a JSON object, an array of them, or {\"changes\": [...]}")
        }
        var output = AdapterOutput()
        for entry in entries { output.items.append(try change(entry, context: context)) }
        return output
    }

    private func change(_ entry: PayloadReader, context: AdapterContext) throws(IngestError) -> IngestItem {
        guard entry.object != nil else { throw .invalid(entry.pointer, "each change must be a JSON object") }
        let service = try entry.requiredString("service", "`service` (the changed service)")
        let kind: ChangeKind
        if let text = entry.string("kind") {
            guard let known = ChangeKind(rawValue: text.lowercased()) else {
                throw .invalid(entry.pointer("kind"), "kind \"\(text.prefix(40))\" is not one of \(ChangeKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = known
        } else {
            kind = .deployment
        }
        if entry["at"] != nil, entry.time("at") == nil {
            throw .invalid(entry.pointer("at"), "`at` is not a time; use RFC 3339 such as 2026-11-24T06:00:00Z, or epoch seconds")
        }
        let source = entry.string("source")
        let key = entry.string("id").map { ["changes", source ?? "-", $0] }
            ?? ["changes", IdempotencyKey.hexDigest(entry.canonicalBytes, length: 32)]
        let draft = ChangeDraft(
            key: key, service: service, kind: kind, at: entry.time("at") ?? context.now, source: source ?? "ci",
            summary: entry.string("summary"), version: entry.string("version"),
            previousVersion: entry.string("previousVersion"), author: entry.string("author"),
            environment: entry.string("environment"), externalId: entry.string("id"), url: entry.string("url"),
            labels: entry.stringMap("labels"))
        return try draft.item(origin: .changes)
    }
}
