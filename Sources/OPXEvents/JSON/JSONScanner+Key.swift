extension JSONScanner {
    /// An object key waiting on the key stack, with what it takes to sort it quickly.
    struct Key {
        /// The decoded key.
        var string: String
        /// ``UTF16CodeUnitOrder/prefix(_:count:)`` of the key's UTF-8.
        var prefix: UInt64
        /// The key's length in UTF-8 bytes.
        var length: Int
        /// Where the key's opening quote is, for duplicate-key errors.
        var offset: Int

        /// Orders two keys by UTF-16 code units: negative, zero, or positive.
        @inline(__always)
        static func compare(_ left: borrowing Key, _ right: borrowing Key) -> Int {
            if left.prefix != right.prefix { return left.prefix < right.prefix ? -1 : 1 }
            if left.length <= 8 && right.length <= 8 { return left.length - right.length }
            return UTF16CodeUnitOrder.compare(left.string, right.string)
        }
    }
}
