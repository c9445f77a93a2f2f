import OPXEvents

struct CloudEventsAdapter {
    func read(_ request: IngestRequest, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        throw IngestError(status: 422, "not yet")
    }
}
