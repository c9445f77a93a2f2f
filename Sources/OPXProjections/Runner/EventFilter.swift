import Glibc
import OPXEvents

/// Which projections read an event type: a bit mask per type, found by comparing bytes (no
/// string is built for events nobody reads), and the type itself, interned (events of a wanted
/// type share one `String` instead of allocating their own).
struct EventFilter: Sendable {
    private var types: [[UInt8]] = []
    private var masks: [UInt64] = []
    private var interned: [EventType] = []

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
            interned.append(EventType(unchecked: type))
        }
    }

    /// The index of `type` in the filter's tables, or `nil` when no projection reads it.
    @inline(__always)
    private func slot(_ type: UnsafeRawBufferPointer) -> Int? {
        for i in types.indices {
            let t = types[i]
            guard t.count == type.count else { continue }
            let equal = t.withUnsafeBytes { memcmp($0.baseAddress!, type.baseAddress!, t.count) == 0 }
            if equal { return i }
        }
        return nil
    }

    /// The projections reading events of `type`.
    @inline(__always)
    func mask(_ type: UnsafeRawBufferPointer) -> UInt64 { slot(type).map { masks[$0] } ?? 0 }

    /// The projections reading events of `type` and the type as a shared value, or `nil` when none reads it.
    @inline(__always)
    func match(_ type: UnsafeRawBufferPointer) -> (mask: UInt64, type: EventType)? {
        slot(type).map { (masks[$0], interned[$0]) }
    }

    /// The projections reading events of `type`.
    func mask(_ type: String) -> UInt64 {
        var type = type
        return type.withUTF8 { mask(UnsafeRawBufferPointer($0)) }
    }
}
