import OPXEvents

struct PagerDutyAdapter {
    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        throw IngestError(status: 422, "not yet")
    }
}
