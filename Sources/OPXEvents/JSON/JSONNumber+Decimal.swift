package import Foundation

extension JSONNumber {
    /// The number a `Decimal` is in JSON, as `JSONEncoder` writes it: its exact decimal text, read as a JSON number.
    ///
    /// `nil` for a NaN decimal, which has no JSON form.
    package init?(decimal: Decimal) {
        guard case .number(let number)? = try? JSONParser.parse(decimal.description) else { return nil }
        self = number
    }
}
