/// Named counters, stored as one JSON object with keys in canonical order.
package struct Counts: ProjectionRow, Hashable {
    /// The counters.
    package var values: [String: Int64] = [:]

    package init(_ values: [String: Int64] = [:]) { self.values = values }

    /// Adds `n` to the counter `name`.
    package mutating func add(_ name: String, _ n: Int64 = 1) { values[name, default: 0] += n }

    /// The counter `name` (0 when absent).
    package subscript(name: String) -> Int64 { values[name] ?? 0 }

    /// The sum of all counters.
    package var total: Int64 { values.values.reduce(0, +) }

    package func encode(to e: inout RowEncoder) {
        e.object { e in
            forEachInCanonicalOrder(values) { k, n in
                e.key(k)
                e.value(n)
            }
        }
    }

    package init(row d: RowDecoder) {
        for (k, v) in d.value.objectValue?.members ?? JSONObjectMembersEmpty.members {
            if let n = v.int64Value { values[k] = n }
        }
    }
}

import OPXEvents

/// An empty member list (for decoding a row that is not an object).
private enum JSONObjectMembersEmpty {
    static let members = JSONObject().members
}
