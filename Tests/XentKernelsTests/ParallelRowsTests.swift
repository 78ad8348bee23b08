import Testing
import XentKernels

/// The splitters behind every multi-threaded kernel: each index handed out exactly once, in the pieces promised.
@Suite struct ParallelRowsTests {
    /// Every index of `0..<count` is visited exactly once, for any thread count, by both splitters; forEachChunk's
    /// ranges are whole chunks (the last may be short), forEachRange's start on multiples of the granularity.
    @Test(arguments: [0, 1, 95, 96, 97, 383, 384, 385, 1000, 32_000])
    func everyIndexOnce(count: Int) {
        for threads in [1, 2, 3, 8] {
            let visits = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
            visits.initialize(repeating: 0, count: max(1, count))
            let starts = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
            starts.initialize(repeating: 0, count: max(1, count))
            defer { visits.deallocate(); starts.deallocate() }
            let v = UncheckedSendable(visits), s = UncheckedSendable(starts)
            // Each range writes its own indices only (disjoint), so the counters need no lock.
            forEachChunk(count: count, threads: threads, chunk: 96) { range in
                s.value[range.lowerBound] = range.count
                for i in range { v.value[i] += 1 }
            }
            #expect((0..<count).allSatisfy { visits[$0] == 1 }, "forEachChunk, \(threads) threads")
            for i in 0..<count where starts[i] != 0 {
                #expect(i % 96 == 0 && (starts[i] == 96 || i + starts[i] == count), "chunk at \(i)")
            }
            visits.update(repeating: 0, count: max(1, count))
            forEachRange(count: count, threads: threads, granularity: 96) { range in
                #expect(range.lowerBound % 96 == 0)
                for i in range { v.value[i] += 1 }
            }
            #expect((0..<count).allSatisfy { visits[$0] == 1 }, "forEachRange, \(threads) threads")
        }
    }

    /// A chunk size below 1 counts as 1: every index still visited once.
    @Test func chunkBelowOne() {
        let visits = UnsafeMutablePointer<Int>.allocate(capacity: 10)
        visits.initialize(repeating: 0, count: 10)
        defer { visits.deallocate() }
        let v = UncheckedSendable(visits)
        forEachChunk(count: 10, threads: 2, chunk: 0) { range in
            #expect(range.count == 1)
            for i in range { v.value[i] += 1 }
        }
        #expect((0..<10).allSatisfy { visits[$0] == 1 })
    }
}
