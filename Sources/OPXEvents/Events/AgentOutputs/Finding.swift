/// One finding of an agent: a claim with a confidence, backed by evidence ids from the same document.
package struct Finding: Sendable, Hashable, Codable {
    /// The finding's id within the document, such as `F1`.
    package var id: String
    /// The claim, in one line.
    package var title: String
    /// The reasoning.
    package var detail: String?
    /// How sure the agent is, from 0 to 1.
    package var confidence: Double
    /// Ids of the evidence that backs it (at least one).
    package var evidence: [String]
    /// Services it is about.
    package var services: [String]?

    /// Creates a value; optional fields default to absent.
    package init(id: String, title: String, detail: String? = nil, confidence: Double, evidence: [String],
                 services: [String]? = nil) {
        self.id = id
        self.title = title
        self.detail = detail
        self.confidence = confidence
        self.evidence = evidence
        self.services = services
    }
}
