/// Resource limits that ``JSONParser`` enforces while reading untrusted input.
///
/// Every limit is checked before the parser allocates for it, so a hostile document fails fast with a
/// ``JSONParseError`` instead of exhausting memory or the stack.
///
/// ```swift
/// var limits = JSONLimits.default
/// limits.maxDepth = 16
/// let value = try JSONParser.parse(bytes, limits: limits)
/// ```
package struct JSONLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects allowed; the root container is depth 1.
    ///
    /// The parser itself never recurses, but destroying, comparing, and writing a ``JSONValue`` do, so keep this in
    /// the hundreds at most.
    package var maxDepth: Int
    /// The longest string allowed, in UTF-8 bytes after unescaping.
    package var maxStringBytes: Int
    /// The largest document allowed, in bytes.
    package var maxBytes: Int
    /// The most members one object, or elements one array, may have.
    package var maxMembers: Int

    /// Creates limits; every parameter defaults to the value in ``default``.
    ///
    /// - Parameters:
    ///   - maxDepth: The deepest nesting allowed (64).
    ///   - maxStringBytes: The longest string allowed, in bytes (1 MiB).
    ///   - maxBytes: The largest document allowed, in bytes (4 MiB).
    ///   - maxMembers: The most members per object or array (100,000).
    package init(
        maxDepth: Int = 64,
        maxStringBytes: Int = 1 << 20,
        maxBytes: Int = 4 << 20,
        maxMembers: Int = 100_000
    ) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxBytes = maxBytes
        self.maxMembers = maxMembers
    }

    /// The limits used when none are given: depth 64, strings 1 MiB, documents 4 MiB, 100,000 members.
    package static let `default` = JSONLimits()
}
