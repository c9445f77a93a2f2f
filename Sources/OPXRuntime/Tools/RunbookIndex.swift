import Foundation

/// A folder of Markdown runbooks, split into sections at headings and ranked with BM25 (k1 = 1.2, b = 0.75).
///
/// A section is indexed with its runbook's title (the first heading) and its own heading twice, then its text, so
/// a query about the runbook's subject finds its sections even when they do not repeat it.
///
/// A section is a heading and the text up to the next heading; it is cited as `<file>#<anchor>` with the
/// GitHub-style anchor of its heading. Files are read in name order, so the index (and every ranking) is
/// deterministic.
///
/// ```swift
/// let index = try RunbookIndex(folder: "Tools/demo/files/runbooks")
/// let hits = index.search("checkout latency after deploy", limit: 5)
/// ```
package struct RunbookIndex: Sendable, Hashable {
    /// One section of a runbook.
    package struct Section: Sendable, Hashable {
        /// The file, relative to the folder.
        package var file: String
        /// The heading text.
        package var heading: String
        /// The runbook's title: its first heading.
        package var title: String
        /// The anchor of the heading (`#` not included).
        package var anchor: String
        /// The section's text, without the heading line.
        package var body: String
        /// `file#anchor`.
        package var citation: String { "\(file)#\(anchor)" }
    }

    /// A section matching a query.
    package struct Hit: Sendable, Hashable {
        /// The section.
        package var section: Section
        /// Its BM25 score (rounded to 4 decimals).
        package var score: Double
        /// Its first sentence-ish excerpt (at most 240 characters).
        package var excerpt: String
    }

    /// The sections, in file then document order.
    package private(set) var sections: [Section] = []
    private var termCounts: [[String: Int]] = []
    private var lengths: [Int] = []
    private var documentFrequency: [String: Int] = [:]

    /// An empty index.
    package init() {}

    /// Indexes every `*.md` file of `folder` (not recursive).
    ///
    /// - Throws: ``RuntimeError`` when the folder cannot be read.
    package init(folder: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
        } catch {
            throw RuntimeError(.configuration, "cannot read the runbooks folder \(folder) (the `runbooks.folder` setting): \(error.localizedDescription)")
        }
        var files: [(String, String)] = []
        for name in names {
            guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8) else {
                throw RuntimeError(.configuration, "cannot read runbook \(name) in \(folder) as UTF-8 text")
            }
            files.append((name, text))
        }
        self.init(files: files)
    }

    /// Indexes Markdown `files` given as (name, text) pairs.
    package init(files: [(name: String, text: String)]) {
        for (name, text) in files { for section in Self.sections(of: text, file: name) { add(section) } }
    }

    /// Loads the `runbooks` section of a config file (`{"folder": "runbooks"}`, relative to the file); an empty
    /// index when there is none.
    ///
    /// - Throws: ``RuntimeError`` for a bad section or an unreadable folder.
    package static func load(fromConfigFile path: String?) throws -> RunbookIndex {
        guard var reader = try ConfigFile.section("runbooks", fromConfigFile: path) else { return RunbookIndex() }
        guard let name = try reader.string("folder") else { throw reader.error("folder", "is required: the folder of Markdown runbooks") }
        try reader.finish()
        let folder = name.hasPrefix("/") ? name : (ConfigFile.directory(ofConfigFile: path) as NSString).appendingPathComponent(name)
        return try RunbookIndex(folder: folder)
    }

    /// The sections that best match `query`, best first (ties by citation), at most `limit`, score above zero.
    ///
    /// A word repeated in the query weighs more (each section's term score is multiplied by the word's count).
    package func search(_ query: String, limit: Int) -> [Hit] {
        var queryCounts: [String: Int] = [:]
        for token in TextTokens.tokens(query) { queryCounts[token, default: 0] += 1 }
        let terms = queryCounts.keys.sorted()
        guard !sections.isEmpty, !terms.isEmpty else { return [] }
        let count = Double(sections.count)
        let averageLength = Double(lengths.reduce(0, +)) / count
        var scored: [(Int, Double)] = []
        for index in sections.indices {
            var score = 0.0
            for term in terms {
                guard let tf = termCounts[index][term].map(Double.init), let df = documentFrequency[term].map(Double.init) else { continue }
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                score += Double(queryCounts[term]!) * idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(lengths[index]) / averageLength))
            }
            if score > 0 { scored.append((index, (score * 10_000).rounded() / 10_000)) }
        }
        return scored.sorted { ($1.1, sections[$0.0].citation) < ($0.1, sections[$1.0].citation) }.prefix(limit).map {
            Hit(section: sections[$0.0], score: $0.1, excerpt: Self.excerpt(sections[$0.0].body))
        }
    }

    private mutating func add(_ section: Section) {
        let title = section.title == section.heading ? "" : section.title
        let tokens = TextTokens.tokens(title + " " + section.heading + " " + section.heading + " " + section.body)
        var counts: [String: Int] = [:]
        for token in tokens { counts[token, default: 0] += 1 }
        for term in counts.keys { documentFrequency[term, default: 0] += 1 }
        sections.append(section)
        termCounts.append(counts)
        lengths.append(tokens.count)
    }

    /// Splits Markdown at ATX headings (`#` … `######`), outside fenced code blocks.
    static func sections(of text: String, file: String) -> [Section] {
        var out: [Section] = []
        var heading: String?
        var body: [Substring] = []
        var anchors: [String: Int] = [:]
        var fenced = false
        func flush() {
            let content = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let title = heading ?? (content.isEmpty ? nil : file) else { return }
            var anchor = Self.anchor(title)
            if let seen = anchors[anchor] { anchors[anchor] = seen + 1; anchor += "-\(seen + 1)" } else { anchors[anchor] = 0 }
            out.append(Section(file: file, heading: title, title: out.first?.heading ?? title, anchor: anchor, body: content))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { fenced.toggle() }
            let hashes = line.prefix { $0 == "#" }.count
            if !fenced, (1...6).contains(hashes), line.dropFirst(hashes).first == " " {
                flush()
                heading = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
                body = []
            } else {
                body.append(line)
            }
        }
        flush()
        return out
    }

    /// The GitHub-style anchor of a heading: lowercase, punctuation dropped, spaces as `-`.
    static func anchor(_ heading: String) -> String {
        let kept = heading.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " " || $0 == "-" || $0 == "_"
        }
        let text = String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
        return text.isEmpty ? "section" : text
    }

    private static func excerpt(_ body: String) -> String {
        let flat = body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("```") }.joined(separator: " ")
        return flat.count <= 240 ? flat : String(flat.prefix(237)) + "..."
    }
}
