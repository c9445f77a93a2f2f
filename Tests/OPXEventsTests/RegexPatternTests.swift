@testable import OPXEvents
import Testing

@Suite struct RegexPatternTests {
    @Test(arguments: [
        ("^[0-9a-f]{32}$", "4bf92f3577b34da6a3ce929d0e0e4736", true),
        ("^[0-9a-f]{32}$", "4bf92f3577b34da6a3ce929d0e0e473", false),
        ("^[0-9a-f]{32}$", "4bf92f3577b34da6a3ce929d0e0e47360", false),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "agent.output-recorded", true),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "agent..output", false),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "agent.", false),
        ("^[0-9]{4}-(0[1-9]|1[0-2])$", "2026-11", true),
        ("^[0-9]{4}-(0[1-9]|1[0-2])$", "2026-13", false),
        ("^[0-9]{4}-(0[1-9]|1[0-2])$", "2026-00", false),
        ("^sha256:[0-9a-f]{64}$", "sha256:" + String(repeating: "ab", count: 32), true),
        ("^dev\\.opx\\.", "dev.opx.signal.ingested", true),
        ("^dev\\.opx\\.", "devxopx.signal", false),
        ("^[!#-\\[\\]-~]+$", "/opx/ingest/alertmanager", true),
        ("^[!#-\\[\\]-~]+$", "/opx/\"quoted\"", false),
        ("^[!#-\\[\\]-~]+$", "back\\slash", false),
        ("colou?r", "my colour", true),
        ("colou?r", "my colr", false),
        ("a{2,3}", "caaat", true),
        ("^a{2,3}$", "aaaa", false),
        ("^(ab|cd)+$", "abcdab", true),
        ("^(ab|cd)+$", "abca", false),
        ("^(?:x|)y$", "y", true),
        ("^\\d+\\s\\w+$", "42 apples", true),
        ("^\\D+$", "abc", true),
        ("^\\D+$", "a1c", false),
        ("^[^a-c]+$", "xyz", true),
        ("^[^a-c]+$", "xbz", false),
        ("^.$", "é", true),
        ("^.$", "\n", false),
        ("^\\u00e9$", "é", true),
        ("^\\x41$", "A", true),
        ("(a*)*b", String(repeating: "a", count: 5_000), false),
        ("^(a|a)*$", String(repeating: "a", count: 5_000), true),
        ("", "anything", true),
        ("^$", "", true),
        ("^$", "x", false),
        ("x$", "abx", true),
        ("x$", "xab", false),
    ])
    func matchesLikeECMAScript(_ pattern: String, _ input: String, _ expected: Bool) throws {
        #expect(try RegexPattern(pattern).matches(input) == expected)
    }

    @Test(arguments: ["(a", "a)", "[abc", "a**", "*a", "a{3,1}", "\\1", "(?<=a)b", "\\p{L}", "[]", "a{1001}", "^*", "[\\D]"])
    func rejectsUnsupportedOrMalformedPatterns(_ pattern: String) {
        #expect(throws: RegexError.self) { try RegexPattern(pattern) }
    }

    /// The table-driven automaton (ASCII input) and the thread simulation give the same answer on random strings.
    @Test(arguments: [
        "^[0-9a-f]{32}$", "^[a-z0-9]+([.-][a-z0-9]+)*$", "^[0-9]{4}-(0[1-9]|1[0-2])$", "^sha256:[0-9a-f]{4}$",
        "^[!#-\\[\\]-~]+$", "a{2,3}", "^a{2,3}$", "(ab|a)*b$", "^$", "", "x$", "^(?:a|)b?$", "^[^a-c]+$", "a.c",
        "^.{3}$", "\\d\\s?\\w", "(a|b)*abb", "^(a*)*$", "b+$|^a", "^opx:agent/[a-z0-9]+(-[a-z0-9]+)*/v[1-9][0-9]*$",
    ])
    func automatonAgreesWithSimulation(_ source: String) throws {
        let pattern = try RegexPattern(source)
        var random = SplitMix64(seed: source.utf8.reduce(1) { $0 &* 31 &+ UInt64($1) })
        let alphabet = Array("ab0159cfz.-_:/ \n\"[]~xopv")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &random)
            let input = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            #expect(pattern.matches(input) == pattern.simulate(input), "\(source) on \(input.debugDescription)")
        }
    }
}
