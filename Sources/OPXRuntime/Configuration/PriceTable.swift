package import Foundation
package import OPXEvents

/// The `pricing` section: US dollars per million input and output tokens, by model.
///
/// ```json
/// "pricing": {
///   "models": {"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6}},
///   "default": {"inputPerMillion": 1, "outputPerMillion": 3}
/// }
/// ```
///
/// A model missing from the table costs `default`, or nothing when there is no default. Costs are exact decimals.
package struct PriceTable: Sendable, Hashable {
    /// The price of one model.
    package struct Price: Sendable, Hashable {
        /// US dollars per million input tokens.
        package var inputPerMillion: Decimal
        /// US dollars per million output tokens.
        package var outputPerMillion: Decimal

        /// Creates a price.
        package init(inputPerMillion: Decimal, outputPerMillion: Decimal) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
        }
    }

    /// Prices by model name.
    package var models: [String: Price]
    /// The price of models not in ``models``.
    package var fallback: Price?

    /// Creates a table.
    package init(models: [String: Price] = [:], fallback: Price? = nil) {
        self.models = models
        self.fallback = fallback
    }

    /// The cost of `inputTokens` and `outputTokens` on `model`.
    package func cost(model: String, inputTokens: Int, outputTokens: Int) -> Decimal {
        guard let price = models[model] ?? fallback else { return 0 }
        return (Decimal(inputTokens) * price.inputPerMillion + Decimal(outputTokens) * price.outputPerMillion) / 1_000_000
    }
}

extension PriceTable {
    /// Reads the `pricing` section (absent: an empty table, every model free).
    ///
    /// - Throws: ``RuntimeError`` naming the key path and file.
    package init(section value: JSONValue?, file: String) throws {
        guard let value else { self.init(); return }
        var reader = try ConfigReader(value, path: "pricing", file: file)
        var models: [String: Price] = [:]
        if var table = try reader.object("models") {
            for model in table.keys {
                guard let entry = table.value(model) else { continue }
                models[model] = try Self.price(try ConfigReader(entry, path: "\(table.path).\(model)", file: file))
            }
        }
        let fallback = try reader.object("default").map(Self.price)
        try reader.finish()
        self.init(models: models, fallback: fallback)
    }

    private static func price(_ reader: ConfigReader) throws -> Price {
        var reader = reader
        func decimal(_ key: String) throws -> Decimal {
            guard let number = try reader.number(key) else { throw reader.error(key, "is required: US dollars per million tokens") }
            return Decimal(string: "\(number)") ?? Decimal(number)
        }
        let price = Price(inputPerMillion: try decimal("inputPerMillion"), outputPerMillion: try decimal("outputPerMillion"))
        try reader.finish()
        return price
    }
}
