import OPXEvents

struct ChangesAdapter {
    func read(_ root: PayloadReader, context: AdapterContext) throws(IngestError) -> AdapterOutput {
        throw IngestError(status: 422, "not yet")
    }
}
