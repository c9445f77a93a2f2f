extension LMDBEnvironment {
    /// How an environment is opened. Defaults suit production; tests shrink the map to force growth.
    package struct Configuration: Sendable {
        /// Open for writing (takes the directory's writer lock) or read-only (no lock; may run beside a writer).
        package enum Mode: Sendable, Equatable { case readWrite, readOnly }

        /// Read-write or read-only.
        package var mode: Mode = .readWrite
        /// Create the directory and databases when missing (`opx init`); otherwise a missing store is an error.
        package var create: Bool = false
        /// Initial map size in bytes; it is address space only (the file stays sparse).
        package var initialMapSize: Int = 1 << 30
        /// The map never grows beyond this.
        package var maximumMapSize: Int = 1 << 40
        /// Reader slots (`mdb_env_set_maxreaders`): HTTP workers + projection workers + CLI readers.
        package var maxReaders: UInt32 = 510
        /// Named databases (`mdb_env_set_maxdbs`).
        package var maxDatabases: UInt32 = 64
        /// A name for this process recorded in the writer lock, shown to a second writer.
        package var processDescription: String = "opx"

        package init() {}

        /// A configuration with `mode` and `create` set.
        package static func readWrite(create: Bool = false) -> Configuration {
            var c = Configuration()
            c.mode = .readWrite
            c.create = create
            return c
        }

        /// A read-only configuration.
        package static var readOnly: Configuration {
            var c = Configuration()
            c.mode = .readOnly
            return c
        }
    }
}
