package import OPXEvents

/// What changed between two JSON documents (two points of an investigation): paths added, removed
/// or changed, in document order.
package struct StateDiff: Sendable {
    /// One difference.
    package struct Change: Sendable, Hashable {
        package enum Kind: String, Sendable { case added, removed, changed }
        /// A JSON Pointer to the member or element.
        package let path: String
        package let kind: Kind
        package let old: JSONValue?
        package let new: JSONValue?
    }

    package let changes: [Change]

    /// The differences between `old` and `new`. Objects are compared member by member; arrays
    /// element by element (so appended validations show as added elements); anything else whole.
    /// Members named in `ignoring` at the top level are left out.
    package init(from old: JSONValue, to new: JSONValue, ignoring: Set<String> = []) {
        var out: [Change] = []
        Self.compare(old, new, path: "", ignoring: ignoring, into: &out)
        changes = out
    }

    private static func compare(_ a: JSONValue, _ b: JSONValue, path: String, ignoring: Set<String>, into out: inout [Change]) {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            var keys = Set(x.keys).union(y.keys)
            keys.subtract(ignoring)
            for key in keys.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }) {
                let p = path + "/" + escape(key)
                switch (x[key], y[key]) {
                case (nil, let v?): out.append(Change(path: p, kind: .added, old: nil, new: v))
                case (let v?, nil): out.append(Change(path: p, kind: .removed, old: v, new: nil))
                case (let v?, let w?): compare(v, w, path: p, ignoring: [], into: &out)
                default: break
                }
            }
        case (.array(let x), .array(let y)):
            for i in 0..<max(x.count, y.count) {
                let p = path + "/\(i)"
                if i >= x.count { out.append(Change(path: p, kind: .added, old: nil, new: y[i])) }
                else if i >= y.count { out.append(Change(path: p, kind: .removed, old: x[i], new: nil)) }
                else { compare(x[i], y[i], path: p, ignoring: [], into: &out) }
            }
        default:
            if a != b { out.append(Change(path: path, kind: .changed, old: a, new: b)) }
        }
    }

    private static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The changes as a JSON array of `{path, kind, old?, new?}`.
    package var json: JSONValue {
        .array(changes.map { c in
            .object(obj([("path", .string(c.path)), ("kind", .string(c.kind.rawValue)), ("old", c.old), ("new", c.new)]))
        })
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
