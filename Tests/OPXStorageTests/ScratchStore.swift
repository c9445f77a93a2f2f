import Logging
import OPXStorage
import OPXTesting

/// What most storage tests start from: a read-write LMDB environment in a temporary directory of its own, with one
/// database `kv`. End the test with `defer { store.close() }`, which also keeps the directory until then.
struct ScratchStore {
    let dir = TemporaryDirectory()
    let env: LMDBEnvironment
    let db: Database

    /// Opens it; `configure` changes the read-write configuration first (map sizes, readers).
    init(_ configure: (inout LMDBEnvironment.Configuration) -> Void = { _ in }) throws {
        var configuration = LMDBEnvironment.Configuration.readWrite(create: true)
        configure(&configuration)
        env = try LMDBEnvironment(path: dir.appending("db"), configuration: configuration,
                                  logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        db = try env.database("kv")
    }

    func close() { env.close() }
}
