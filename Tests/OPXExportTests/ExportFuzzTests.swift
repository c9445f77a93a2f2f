import OPXEvents
import OPXExport
import Testing

@Suite("Verifier against hostile files")
struct ExportFuzzTests {
    @Test("mutated exports never crash the verifier, and every changed letter or digit is caught")
    func mutatedExports() async throws {
        let fixture = try await ExportFixture.make()
        let original = try await fixture.export(ExportSelection(to: LogPosition(60)))
        var random = SplitMix64(seed: 5)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for round in 0..<600 {
            var bytes = original
            switch round % 6 {
            case 0: // substitute one letter or digit by another
                let candidates = bytes.indices.filter { alphabet.contains(bytes[$0]) }
                let at = candidates.randomElement(using: &random)!
                var replacement = alphabet.randomElement(using: &random)!
                while replacement == bytes[at] { replacement = alphabet.randomElement(using: &random)! }
                bytes[at] = replacement
                #expect(!ExportVerifier.verify(bytes: bytes).isValid, "round \(round): changed byte \(at) undetected")
                continue
            case 1: // random bytes anywhere
                for _ in 0..<Int.random(in: 1...20, using: &random) {
                    bytes[Int.random(in: bytes.indices, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 2: // cut anywhere
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
            case 3: // insert structural characters
                for _ in 0..<Int.random(in: 1...10, using: &random) {
                    bytes.insert(Array("{}[]\",:\\\n0".utf8).randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
                }
            case 4: // deep nesting and huge numbers
                bytes = Array(String(repeating: "[", count: Int.random(in: 1...5000, using: &random)).utf8) + Array("1e999999,\"\\ud800\"\n".utf8)
            default: // pure noise
                bytes = (0..<Int.random(in: 0...4096, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            #expect(!ExportVerifier.verify(bytes: bytes).isValid, "round \(round)")
        }
    }

    @Test("an overlong line is reported, not read")
    func overlongLine() {
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: ExportVerifier.maximumLineBytes + 10) + [10]
        #expect(ExportVerifier.verify(bytes: bytes).firstProblem?.line == 1)
    }
}
