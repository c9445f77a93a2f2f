import Foundation
import OPXTesting
import Testing

/// End-to-end test of `opx demo`, README's first quick-start command.
@Suite struct DemoCLITests {
    let dir = TemporaryDirectory(prefix: "opx-demo-cli")

    @Test func theDemoRunsEveryStepOnAFreshFolderWithTheEmbeddedFilesAndRefusesANonEmptyOne() throws {
        let demo = dir.appending("demo")
        let run = try OPXCommand.run(["demo", "--data", demo])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for expected in ["detected, opened", "appended 0 events, 2 duplicates", "killed by signal 9",
                         "$ opx resume", "$ opx replay", "$ opx verify --data \(demo) --export", "Done in"] {
            #expect(run.stdout.contains(expected), "missing \"\(expected)\" in:\n\(run.stdout)")
        }
        let again = try OPXCommand.run(["demo", "--data", demo])
        #expect(again.status != 0 && again.stderr.contains("not empty"))
        try expectEmbeddedFilesMatchToolsDemoFiles(writtenTo: demo)
    }

    /// The files the demo wrote are those of `Tools/demo/files/` (else `Tools/demo/embed.sh` was not run).
    private func expectEmbeddedFilesMatchToolsDemoFiles(writtenTo demo: String) throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tools/demo/files")
        let names = try FileManager.default.subpathsOfDirectory(atPath: source.path)
        for name in names where !name.hasSuffix("/") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source.appendingPathComponent(name).path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let written = "\(demo)/demo/\(name)"
            #expect(FileManager.default.contents(atPath: written) == FileManager.default.contents(atPath: source.appendingPathComponent(name).path),
                    "\(name) differs from its embedded copy: run Tools/demo/embed.sh")
        }
    }
}
