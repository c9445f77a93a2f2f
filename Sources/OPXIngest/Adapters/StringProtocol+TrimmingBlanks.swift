extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    ///
    /// Used on every request (media types, times, bearer tokens) instead of `trimmingCharacters(in: .whitespaces)`,
    /// which bridges through NSString at a visible cost.
    package var trimmingBlanks: SubSequence {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
