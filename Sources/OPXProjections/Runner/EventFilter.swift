/// Which projections read an event type: a bit mask per type, found by comparing bytes (no
/// string is built for events nobody reads).
struct EventFilter: Sendable {
    private var types: [[UInt8]] = []
    private var masks: [UInt64] = []

    /// A filter for `projections`; bit *i* stands for `projections[i]`.
    init(_ projections: [any Projection]) {
        precondition(projections.count <= 64, "at most 64 projections fold together")
        var byType: [String: UInt64] = [:]
        for (i, projection) in projections.enumerated() {
            for type in projection.eventTypes { byType[type, default: 0] |= 1 << UInt64(i) }
        }
        for type in byType.keys.sorted() {
            types.append(Array(type.utf8))
            masks.append(byType[type]!)
        }
    }

    /// The projections reading events of `type`.
    @inline(__always)
    func mask(_ type: UnsafeRawBufferPointer) -> UInt64 {
        for i in types.indices {
            let t = types[i]
            guard t.count == type.count else { continue }
            let equal = t.withUnsafeBytes { memcmp($0.baseAddress!, type.baseAddress!, t.count) == 0 }
            if equal { return masks[i] }
        }
        return 0
    }

    /// The projections reading events of `type`.
    func mask(_ type: String) -> UInt64 {
        var type = type
        return type.withUTF8 { mask(UnsafeRawBufferPointer($0)) }
    }
}

import Glibc
