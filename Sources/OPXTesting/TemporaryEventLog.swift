import Logging
package import OPXEventLog
package import OPXEvents
package import OPXStorage

/// An event log in a temporary directory, for tests.
package struct TemporaryEventLog: Sendable {
    /// The directory (kept alive as long as this value).
    package let directory: TemporaryDirectory
    /// The open log.
    package let log: EventLog

    /// Creates an empty log in a new temporary directory.
    package init(clock: TestClock? = nil, limits: AppendLimits = .default, configure: (inout LMDBEnvironment.Configuration) -> Void = { _ in }) async throws {
        directory = TemporaryDirectory()
        var configuration = LMDBEnvironment.Configuration.readWrite(create: true)
        configure(&configuration)
        let clockFunction: @Sendable () -> Timestamp
        if let clock { clockFunction = { clock.now() } } else { clockFunction = Timestamp.now }
        log = try await EventLog(path: directory.appending("data"), configuration: configuration, limits: limits,
                                 clock: clockFunction, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// The data directory.
    package var path: String { directory.appending("data") }
}

/// Builders of events for tests.
package enum TestEvents {
    /// An event of `type` with a small payload carrying `value`.
    package static func event(_ type: String = "test.happened", value: Int = 0, id: EventID = .random(),
                              payloadBytes: Int = 0) -> ProposedEvent {
        var data: JSONValue = ["value": .number(JSONNumber(Int64(value)))]
        if payloadBytes > 0 {
            data = ["value": .number(JSONNumber(Int64(value))), "padding": .string(String(repeating: "x", count: payloadBytes))]
        }
        return ProposedEvent(id: id, type: try! EventType(type), data: data)
    }

    /// A stream id (force-unwrapped: test inputs are valid).
    package static func stream(_ name: String) -> StreamID { try! StreamID(name) }
}
