/// A JSON number kept exactly as far as RFC 8785 needs.
///
/// RFC 8785 serializes every number as an IEEE 754 double, so ``double`` is the value. ``integer`` is set when the
/// literal had no fraction or exponent and fits `Int64`; it keeps integers above 2^53 exact for callers that read
/// them with ``JSONValue/int64Value``, and lets the writer print integers without going through `Double`.
///
/// Equality and hashing follow the canonical form, which depends only on ``double``: `1`, `1.0`, and `1e0` are equal,
/// `0` equals `-0`, and two integers above 2^53 that round to the same double are equal.
package struct JSONNumber: Sendable {
    /// The value as a double; always finite.
    package let double: Double
    /// The exact integer value when the number was written or created as an integer that fits `Int64`.
    package let integer: Int64?

    /// Creates a number from a finite double.
    ///
    /// - Parameter double: The value. NaN and infinities have no JSON form; passing one is a programmer error.
    package init(_ double: Double) {
        precondition(double.isFinite, "JSON has no representation for \(double)")
        self.double = double
        self.integer = nil
    }

    /// Creates an integer number.
    ///
    /// - Parameter integer: The value; ``double`` is its nearest double.
    package init(_ integer: Int64) {
        self.double = Double(integer)
        self.integer = integer
    }

    /// Creates a number from parts the parser has already checked.
    init(double: Double, integer: Int64?) {
        self.double = double
        self.integer = integer
    }
}

extension JSONNumber: Hashable {
    /// Returns whether two numbers have the same canonical form, that is the same double value.
    package static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.double == rhs.double
    }

    /// Hashes the double value; `0` and `-0` hash alike.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(double == 0 ? 0 : double)
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The number's RFC 8785 canonical text, for example `1e+21` or `0.000001`.
    package var description: String {
        var writer = CanonicalJSONWriter(capacity: 32)
        writer.writeNumber(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
