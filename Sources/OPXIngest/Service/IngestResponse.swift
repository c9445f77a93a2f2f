package import OPXEvents

/// What an ingest did, and the answer the sender expects.
package struct IngestResponse: Sendable {
    /// The HTTP status: 200, or 202 for PagerDuty.
    package var status: Int
    /// The JSON body the sender expects.
    package var body: [UInt8]
    /// Events appended by this request: signals, changes, and the correlation decisions they caused.
    package var appended: Int
    /// Signals and changes that were ingested before (a re-sent webhook), so appended nothing.
    package var duplicates: Int
    /// The log position of the last event this request appended, or `nil` when it appended nothing.
    package var lastPosition: LogPosition?
    /// The incidents the request's signals opened, joined or resolved, as `(incident id, what happened)`.
    package var incidents: [IncidentOutcome]
    /// Where the request's time went in correlation and the log.
    package var waits: IngestWaits

    /// Creates a response.
    package init(status: Int, body: [UInt8], appended: Int, duplicates: Int, lastPosition: LogPosition?,
                 incidents: [IncidentOutcome] = [], waits: IngestWaits = IngestWaits()) {
        self.status = status
        self.body = body
        self.appended = appended
        self.duplicates = duplicates
        self.lastPosition = lastPosition
        self.incidents = incidents
        self.waits = waits
    }
}

/// What correlation did to one incident because of an ingest.
package struct IncidentOutcome: Sendable, Hashable {
    /// The incident.
    package var incidentId: EntityID
    /// The incident's service.
    package var service: String
    /// What happened: `opened`, `reopened`, `joined`, `severity-changed`, `resolved`.
    package var actions: [String]
}
