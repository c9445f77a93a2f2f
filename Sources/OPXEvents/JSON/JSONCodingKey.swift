/// A coding key for any member name or array index, as ``JSONValueEncoder`` and ``JSONValueDecoder`` put into
/// coding paths.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        self.init(index: intValue)
    }

    /// The key of the element at `index` of an array.
    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    /// The key `superEncoder()` and `superDecoder()` use.
    static let superKey = JSONCodingKey(stringValue: "super")
}
