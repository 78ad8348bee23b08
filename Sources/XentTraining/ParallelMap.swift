import Foundation

/// Independent jobs run on up to `threads` threads, their results in job order (so the outcome does not depend on
/// the thread count as long as each job is deterministic).
enum ParallelMap {
    static func map<T: Sendable>(_ jobs: Range<Int>, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let count = jobs.count
        guard count > 0 else { return [] }
        let box = ResultBox<T>(count: count)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var job = w
            while job < count {
                box.store(body(jobs.lowerBound + job), at: job)
                job += workers
            }
        }
        return box.values()
    }

    /// Result slots written by distinct jobs.
    private final class ResultBox<T>: @unchecked Sendable {
        private var slots: [T?]
        private let lock = NSLock()
        init(count: Int) { slots = [T?](repeating: nil, count: count) }
        func store(_ value: T, at index: Int) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        func values() -> [T] { slots.map { $0! } }
    }
}
