/// A deployment or configuration change to a service.
///
/// Appended to `changes-<service>`; the change-intelligence agent reads these.
package struct ChangeRecorded: CatalogueEvent, Sendable, Hashable, Codable {
    /// The wire name, `change.recorded`.
    package static let eventType = EventType(unchecked: "change.recorded")
    /// The schema version these fields follow (`Schemas/events/change.recorded/v1.schema.json`).
    package static let schemaVersion: UInt16 = 1

    /// The change's id.
    package var changeId: EntityID
    /// The changed service.
    package var service: String
    /// What kind of change.
    package var kind: ChangeKind
    /// When the change happened.
    package var at: Timestamp
    /// Where it came from: lowercase, such as `github-actions`, `eventbridge`, `pagerduty`.
    package var source: String?
    /// What changed.
    package var summary: String?
    /// The new version.
    package var version: String?
    /// The version before.
    package var previousVersion: String?
    /// Who made it.
    package var author: String?
    /// The environment, such as `production`.
    package var environment: String?
    /// The source's own id.
    package var externalId: String?
    /// A link to the change.
    package var url: String?
    /// Extra labels, raw.
    package var labels: [String: String]?

    /// Creates the event; optional fields default to absent.
    package init(changeId: EntityID, service: String, kind: ChangeKind, at: Timestamp, source: String? = nil,
                 summary: String? = nil, version: String? = nil, previousVersion: String? = nil, author: String? = nil,
                 environment: String? = nil, externalId: String? = nil, url: String? = nil,
                 labels: [String: String]? = nil) {
        self.changeId = changeId
        self.service = service
        self.kind = kind
        self.at = at
        self.source = source
        self.summary = summary
        self.version = version
        self.previousVersion = previousVersion
        self.author = author
        self.environment = environment
        self.externalId = externalId
        self.url = url
        self.labels = labels
    }
}
