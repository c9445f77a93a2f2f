/// Parses the ECMAScript regular expression subset opx supports into a ``RegexNode`` tree.
///
/// Supported: literals, `.`, escapes (`\d \D \w \W \s \S`, `\n \r \t \f \v \0`, `\xHH`, `\uHHHH`, and escaped
/// punctuation), classes `[...]` and `[^...]` with ranges and `\d \w \s` inside, groups `(...)` and `(?:...)`
/// (`(?<name>...)` is an ordinary group), alternation `|`, quantifiers `? * + {n} {n,} {n,m}` (a lazy `?` suffix is
/// accepted; it does not change whether a string matches), and the anchors `^` and `$`.
/// Everything else (back-references, lookaround, `\b`, `\p{…}`, flags) is rejected with ``RegexError``.
struct RegexParser {
    /// The largest count a `{n,m}` quantifier may use.
    static let maximumCount = 1000

    private let scalars: [Unicode.Scalar]
    private var index = 0

    /// Parses a whole pattern.
    static func parse(_ source: String) throws(RegexError) -> RegexNode {
        var parser = RegexParser(scalars: Array(source.unicodeScalars))
        let node = try parser.disjunction()
        guard parser.index == parser.scalars.count else {
            throw parser.error("unmatched ')'")
        }
        return node
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func error(_ message: String) -> RegexError {
        RegexError(message: message, offset: index)
    }

    // MARK: - Structure

    private mutating func disjunction() throws(RegexError) -> RegexNode {
        var alternatives = [try alternative()]
        while current == "|" {
            index += 1
            alternatives.append(try alternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(RegexError) -> RegexNode {
        var terms: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            terms.append(try term())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func term() throws(RegexError) -> RegexNode {
        switch current {
        case "^":
            index += 1
            try rejectQuantifier(after: "^")
            return .start
        case "$":
            index += 1
            try rejectQuantifier(after: "$")
            return .end
        default:
            let atom = try atom()
            return try quantified(atom)
        }
    }

    private mutating func rejectQuantifier(after anchor: String) throws(RegexError) {
        if let scalar = current, "*+?{".unicodeScalars.contains(scalar) {
            throw error("nothing to repeat after '\(anchor)'")
        }
    }

    private mutating func atom() throws(RegexError) -> RegexNode {
        guard let scalar = current else { throw error("unexpected end of pattern") }
        index += 1
        switch scalar {
        case ".": return .scalar(.dot)
        case "\\": return try escape()
        case "[": return .scalar(try characterClass())
        case "(":
            if current == "?" {
                index += 1
                if current == ":" {
                    index += 1
                } else if current == "<", index + 1 < scalars.count, scalars[index + 1] != "=", scalars[index + 1] != "!" {
                    while let next = current, next != ">" { index += 1 }
                    guard current == ">" else { throw error("unterminated group name") }
                    index += 1
                } else {
                    throw error("lookaround groups are not supported")
                }
            }
            let inner = try disjunction()
            guard current == ")" else { throw error("missing ')'") }
            index += 1
            return inner
        case "*", "+", "?", "{":
            throw error("nothing to repeat before '\(scalar)'")
        case ")", "]", "}":
            throw error("unmatched '\(scalar)'")
        default:
            return .scalar(ScalarSet(scalar))
        }
    }

    // MARK: - Quantifiers

    private mutating func quantified(_ atom: RegexNode) throws(RegexError) -> RegexNode {
        let bounds: (Int, Int?)
        switch current {
        case "*": index += 1; bounds = (0, nil)
        case "+": index += 1; bounds = (1, nil)
        case "?": index += 1; bounds = (0, 1)
        case "{": index += 1; bounds = try braces()
        default: return atom
        }
        if current == "?" { index += 1 }
        if let scalar = current, "*+{".unicodeScalars.contains(scalar) {
            throw error("nothing to repeat before '\(scalar)'")
        }
        return .repetition(atom, minimum: bounds.0, maximum: bounds.1)
    }

    private mutating func braces() throws(RegexError) -> (Int, Int?) {
        guard let minimum = number() else { throw error("expected a count after '{'") }
        var maximum: Int? = minimum
        if current == "," {
            index += 1
            maximum = number()
        }
        guard current == "}" else { throw error("expected '}' to close the quantifier") }
        index += 1
        guard minimum <= Self.maximumCount, (maximum ?? 0) <= Self.maximumCount else {
            throw error("quantifier counts above \(Self.maximumCount) are not supported")
        }
        if let maximum, maximum < minimum { throw error("quantifier {\(minimum),\(maximum)} is out of order") }
        return (minimum, maximum)
    }

    private mutating func number() -> Int? {
        var value: Int?
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = min((value ?? 0) * 10 + Int(scalar.value - 48), Self.maximumCount + 1)
            index += 1
        }
        return value
    }

    // MARK: - Escapes and classes

    private mutating func escape() throws(RegexError) -> RegexNode {
        guard let scalar = current else { throw error("pattern ends with '\\'") }
        index += 1
        switch scalar {
        case "d": return .scalar(.digits)
        case "w": return .scalar(.wordCharacters)
        case "s": return .scalar(.whitespace)
        case "D", "W", "S":
            var set = scalar == "D" ? ScalarSet.digits : scalar == "W" ? .wordCharacters : .whitespace
            set.isNegated = true
            return .scalar(set)
        default:
            return .scalar(ScalarSet(try escapedScalar(scalar, inClass: false)))
        }
    }

    /// The scalar a single-character escape stands for (after the backslash and `scalar` were read).
    private mutating func escapedScalar(_ scalar: Unicode.Scalar, inClass: Bool) throws(RegexError) -> Unicode.Scalar {
        switch scalar {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "0":
            if let next = current, ("0"..."9").contains(next) { throw error("octal escapes are not supported") }
            return "\u{00}"
        case "b" where inClass: return "\u{08}"
        case "x": return try hexScalar(digits: 2)
        case "u": return try hexScalar(digits: 4)
        default:
            guard scalar.isASCII, !("a"..."z").contains(scalar), !("A"..."Z").contains(scalar),
                  !("1"..."9").contains(scalar) else {
                throw error("escape '\\\(scalar)' is not supported")
            }
            return scalar
        }
    }

    private mutating func hexScalar(digits: Int) throws(RegexError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = current, scalar.isASCII, let nibble = Hex.nibble(UInt8(scalar.value)) else {
                throw error("expected \(digits) hex digits in escape")
            }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        guard let result = Unicode.Scalar(value) else { throw error("escape names a surrogate, not a scalar") }
        return result
    }

    private mutating func characterClass() throws(RegexError) -> ScalarSet {
        var set = ScalarSet()
        var negated = false
        if current == "^" {
            negated = true
            index += 1
        }
        guard current != "]" else { throw error("empty classes [] and [^] are not supported") }
        while let scalar = current, scalar != "]" {
            index += 1
            let lower: Unicode.Scalar
            if scalar == "\\" {
                guard let escaped = current else { throw error("pattern ends with '\\'") }
                index += 1
                switch escaped {
                case "d": set.formUnion(.digits); continue
                case "w": set.formUnion(.wordCharacters); continue
                case "s": set.formUnion(.whitespace); continue
                case "D", "W", "S": throw error("'\\\(escaped)' inside a class is not supported")
                default: lower = try escapedScalar(escaped, inClass: true)
                }
            } else {
                lower = scalar
            }
            if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                guard var upper = current else { throw error("unterminated class") }
                index += 1
                if upper == "\\" {
                    guard let escaped = current else { throw error("pattern ends with '\\'") }
                    index += 1
                    upper = try escapedScalar(escaped, inClass: true)
                }
                guard lower.value <= upper.value else { throw error("class range out of order") }
                set.insert(lower.value...upper.value)
            } else {
                set.insert(lower.value...lower.value)
            }
        }
        guard current == "]" else { throw error("missing ']'") }
        index += 1
        set.isNegated = negated
        return set
    }
}

/// A `pattern` that opx cannot compile: outside the supported subset, or malformed.
struct RegexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    let message: String
    /// The offset, in Unicode scalars, where parsing stopped.
    let offset: Int

    var description: String { "\(message) (at character \(offset))" }
}
