import CLMDB

/// A named LMDB database (a DBI), opened once at startup and valid for the environment's life.
package struct Database: Sendable, Hashable {
    /// Creation and ordering flags of a database.
    package struct Flags: OptionSet, Sendable, Hashable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Keys are compared as native unsigned integers (`MDB_INTEGERKEY`).
        package static let integerKey = Flags(rawValue: UInt32(MDB_INTEGERKEY))
        /// A key holds a sorted set of values (`MDB_DUPSORT`); small sets live inside the key's leaf node.
        package static let duplicateSort = Flags(rawValue: UInt32(MDB_DUPSORT))
        /// With ``duplicateSort``: every value of the database has the same size (`MDB_DUPFIXED`), stored packed.
        package static let duplicateFixed = Flags(rawValue: UInt32(MDB_DUPFIXED))
    }

    /// The LMDB handle.
    let dbi: MDB_dbi
    /// The database's name, for messages.
    package let name: String
}
