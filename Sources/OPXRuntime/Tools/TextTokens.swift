/// Words of free text, for ranking: lowercase letters and digits, without common English stop words, lightly
/// stemmed (`deployment`, `deployed`, `deploys` → `deploy`).
package enum TextTokens {
    /// The words of `text`, in order (repeats kept).
    package static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                if keep(current) { out.append(stem(current)) }
                current = ""
            }
        }
        if keep(current) { out.append(stem(current)) }
        return out
    }

    /// Strips one common English suffix, keeping at least four characters.
    static func stem(_ word: String) -> String {
        for suffix in ["ments", "ment", "ing", "ed", "es", "s"] where word.hasSuffix(suffix) && word.count - suffix.count >= 4 {
            if suffix == "s", word.hasSuffix("ss") { return word }
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// The distinct words of `text`.
    package static func words(_ text: String) -> Set<String> { Set(tokens(text)) }

    /// Shared words over all words, from 0 to 1 (0 when both are empty).
    package static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    private static func keep(_ word: String) -> Bool { word.count > 1 && !stopWords.contains(word) }

    private static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its", "of", "on",
        "or", "that", "the", "this", "to", "was", "were", "will", "with", "when", "then", "than", "if", "into", "not",
        "no", "but", "so", "do", "does", "can", "you", "your", "we", "our", "all", "any", "there", "these", "those",
    ]
}
