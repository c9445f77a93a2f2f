package import OPXEvents

/// The evidence one agent document cites, numbered `E1`, `E2`, … in citation order; citing the same thing twice
/// returns the same id.
package struct EvidenceList: Sendable {
    /// The references, in citation order.
    package private(set) var references: [EvidenceReference] = []
    private var ids: [String: String] = [:]

    /// An empty list.
    package init() {}

    /// Cites a piece of evidence and returns its id in the document.
    ///
    /// - Parameters:
    ///   - kind: What it is.
    ///   - ref: Which one (an entity id, a file, a service).
    ///   - citation: Where inside it, such as `file#section`.
    ///   - summary: What it shows (cut to 2,000 characters).
    ///   - observedAt: When it was observed.
    /// - Returns: Its id, such as `E3`.
    @discardableResult
    package mutating func cite(_ kind: EvidenceReference.Kind, _ ref: String, citation: String? = nil,
                               summary: String? = nil, observedAt: Timestamp? = nil) -> String {
        let key = "\(kind.rawValue)\u{0}\(ref)\u{0}\(citation ?? "")"
        if let id = ids[key] { return id }
        let id = "E\(references.count + 1)"
        ids[key] = id
        references.append(EvidenceReference(id: id, kind: kind, ref: ref, citation: citation,
                                             summary: summary.map { Text.clip($0, 2000) }, observedAt: observedAt))
        return id
    }

    /// Cites an existing reference from another document (keeping its kind, ref, citation and summary).
    package mutating func cite(_ reference: EvidenceReference) -> String {
        cite(reference.kind, reference.ref, citation: reference.citation, summary: reference.summary,
             observedAt: reference.observedAt)
    }
}

/// Small text helpers for documents: schema-bounded strings and readable lists.
package enum Text {
    /// `text` cut to at most `limit` characters (with `…` when cut).
    package static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `1 signal`, `3 signals`.
    package static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// Distinct values in first-seen order.
    package static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// `value` rounded to 2 decimals, as a confidence in 0…1.
    package static func confidence(_ value: Double) -> Double { (min(1, max(0, value)) * 100).rounded() / 100 }
}
