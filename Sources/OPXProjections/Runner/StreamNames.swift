import Glibc
import OPXEvents

/// A stream id split into its category (the part before its first `-`) and the part after it,
/// once: events of one stream in a page share it (``StreamNames``), so the strings are made once.
struct StreamName {
    let stream: StreamID
    /// Short, so stored inline without an allocation; empty when the id has no `-` followed by more.
    let category: String
    let entity: String?

    init(_ stream: StreamID) {
        self.stream = stream
        let utf8 = stream.rawValue.utf8
        if let dash = utf8.firstIndex(of: UInt8(ascii: "-")), utf8.index(after: dash) != utf8.endIndex {
            category = String(stream.rawValue[..<dash])
            entity = String(stream.rawValue[utf8.index(after: dash)...])
        } else {
            category = ""
            entity = nil
        }
    }
}

/// The stream names of one page of the log, each made once from the record's bytes: the page's
/// events of one stream share its strings (fewer allocations, and fewer frees on other threads).
struct StreamNames {
    /// By the hash of the id's bytes (``KeyHash``: one word-at-a-time pass, no SipHash per event).
    private var names: [KeyHash: StreamName] = [:]

    /// The name whose id is `bytes`.
    mutating func name(_ bytes: UnsafeRawBufferPointer) -> StreamName {
        let hash = KeyHash(bytes)
        if let found = names[hash], Self.spells(found.stream.rawValue, bytes) { return found }
        let made = StreamName(StreamID(unchecked: String(decoding: bytes, as: UTF8.self)))
        names[hash] = made
        return made
    }

    /// Whether `text`'s UTF-8 bytes are `bytes`, compared in place (the generic `elementsEqual` over a
    /// `String.UTF8View` walks it byte by byte: 11 % of a page read in profiles).
    private static func spells(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }
}
