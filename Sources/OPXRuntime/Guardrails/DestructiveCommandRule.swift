import Foundation

/// The content rule for destructive commands in recommendations: `rm -rf`, `DROP TABLE`, `kubectl delete
/// namespace`, `terraform destroy`, … (case-insensitive), plus the configured extra patterns.
package struct DestructiveCommandRule: Sendable {
    private let patterns: [(name: String, regex: NSRegularExpression)]

    /// The built-in patterns, by rule name.
    static let builtIn: [(String, String)] = [
        ("rm-recursive-force", #"(?i)\brm\s+(?:-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*|--recursive\s+--force|--force\s+--recursive)\b"#),
        ("sql-drop", #"(?i)\bdrop\s+(?:table|database|schema|index)\b"#),
        ("sql-truncate", #"(?i)\btruncate\s+table\b"#),
        ("sql-delete-without-where", #"(?i)\bdelete\s+from\s+[\w."]+\s*(?:;|$)"#),
        ("kubectl-delete-namespace", #"(?i)\bkubectl\s+delete\s+(?:namespace|ns)\b"#),
        ("kubectl-delete-all", #"(?i)\bkubectl\s+delete\b.*\s--all\b"#),
        ("terraform-destroy", #"(?i)\bterraform\s+destroy\b"#),
        ("disk-format", #"(?i)\b(?:mkfs(?:\.\w+)?|dd\s+if=\S+\s+of=/dev/)"#),
        ("git-force-push", #"(?i)\bgit\s+push\s+(?:.*\s)?(?:--force|-f)\b"#),
    ]

    /// The rule with the built-in patterns and `extra` ones (named `custom-1`, `custom-2`, …).
    ///
    /// Extra patterns are checked when the config is loaded; one that does not compile is skipped.
    package init(extra: [String] = []) {
        let all = Self.builtIn + extra.enumerated().map { ("custom-\($0.offset + 1)", "(?i)" + $0.element) }
        patterns = all.compactMap { name, pattern in (try? NSRegularExpression(pattern: pattern)).map { (name, $0) } }
    }

    /// The names of the patterns `text` matches, in rule order.
    package func matches(in text: String) -> [String] {
        patterns.filter { $0.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }.map(\.name)
    }
}
