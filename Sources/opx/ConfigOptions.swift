import ArgumentParser
import Foundation
import OPXIngest

/// `--config FILE`: the opx configuration file (else `$OPX_CONFIG`, else `<data dir>/opx.json` when it exists).
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration file (default: $OPX_CONFIG, else <data dir>/opx.json when it exists).",
                               valueName: "file"))
    var config: String?

    /// The configuration file to read, or `nil` for built-in defaults.
    func path(dataDirectory: String) -> String? {
        if let config { return config }
        if let variable = ProcessInfo.processInfo.environment["OPX_CONFIG"], !variable.isEmpty { return variable }
        let inData = dataDirectory + "/opx.json"
        return FileManager.default.fileExists(atPath: inData) ? inData : nil
    }

    /// The `detection` section, or the defaults when there is no file or no such key.
    func detectionRules(dataDirectory: String) throws -> DetectionRules {
        guard let path = path(dataDirectory: dataDirectory) else { return .default }
        do { return try DetectionRules.load(fromConfigFile: path) } catch { throw CLIError(error.description) }
    }
}
