import OPXServer
import Testing

@Suite struct RequestDeadlinesTests {
    @Test func waitsReturnOnceTheirTimeoutHasPassed() async throws {
        let deadlines = RequestDeadlines(granularity: .milliseconds(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 { group.addTask { try await deadlines.wait(.milliseconds(index % 5)) } }
            try await group.waitForAll()
        }
    }

    @Test func aCancelledWaitThrowsCancellationWithoutWaitingForItsTimeout() async throws {
        let deadlines = RequestDeadlines()
        let waiting = Task { try await deadlines.wait(.seconds(3600)) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func aWaitBegunByACancelledTaskThrowsCancellation() async throws {
        let deadlines = RequestDeadlines()
        let waiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await deadlines.wait(.seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func cancellingSomeWaitsOfASlotLeavesTheOthersToTheirTimeout() async throws {
        let deadlines = RequestDeadlines(granularity: .milliseconds(50))
        let cancelled = (0..<10).map { _ in Task { try await deadlines.wait(.milliseconds(10)) } }
        let kept = (0..<10).map { _ in Task { try await deadlines.wait(.milliseconds(10)) } }
        for task in cancelled { task.cancel() }
        for task in kept { try await task.value }
        for task in cancelled {
            // A cancelled wait either threw or had already returned; it never hangs.
            _ = await task.result
        }
    }
}
