import OPXProjections
import Testing

/// The catch-up's accounting of where its time went, and the order it starts a page's tasks in.
@Suite struct FoldTimesTests {
    @Test func tasksStartInIndexOrderUntilABatchWasMeasured() {
        #expect(FoldTimes().order(tasks: 4) == [0, 1, 2, 3])
    }

    @Test func tasksStartLongestFirstByTheLastBatchWithTiesInIndexOrder() {
        var times = FoldTimes()
        // Two members and the read of the next page (the last task).
        times.add(cpu: [5, 30, 10], names: ["a", "b"], wall: 40)
        #expect(times.order(tasks: 3) == [1, 2, 0])
        times.add(cpu: [7, 7, 9], names: ["a", "b"], wall: 20)
        #expect(times.order(tasks: 3) == [2, 0, 1])
        // Without the page read (or with other members) the last batch does not apply.
        #expect(times.order(tasks: 2) == [0, 1])
    }

    @Test func cpuTimesAddUpByMemberAndPageRead() {
        var times = FoldTimes()
        times.add(cpu: [1_000_000_000, 500_000_000, 250_000_000], names: ["a", "b"], wall: 2_000_000_000)
        times.add(cpu: [1_000_000_000, 0], names: ["a", "b"], wall: 1_000_000_000)
        #expect(times.members == ["a": 2, "b": 0.5])
        #expect(times.pageRead == 0.25)
        #expect(times.parallel == 3)
    }
}
