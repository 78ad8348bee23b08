import Dispatch
import XentKernelsC

/// A value moved into worker closures as is: the kernels' pointers, whose disjoint use the splitting guarantees.
/// Package-wide (the training layer's products and feature loops hand their buffers to workers the same way).
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

/// Splits `0..<count` into at most `threads` contiguous ranges whose bounds are multiples of `granularity`
/// (except the end) and runs `body` on each, in parallel when there is more than one. The package's static splitter:
/// the kernels, the training layer's matrix products, feature loops and cross-validation folds run through it (the
/// fused linear + cross-entropy's vocabulary steps take chunks instead: ``forEachChunk(count:threads:chunk:_:)``).
///
/// With `parts` ranges over `blocks = ⌈count / granularity⌉` blocks, range `i` starts at block
/// `⌊blocks · i / parts⌋`; when `blocks ≤ threads` (the caller picked `granularity` as a chunk size) range `i` is
/// simply `i · granularity ..< (i + 1) · granularity`. Callers make every output depend on its own index alone (or
/// on fixed blocks of `granularity` indices), so the result has the same bits for any thread count.
package func forEachRange(
    count: Int, threads: Int, granularity: Int = 1, minimumPerThread: Int = 1,
    _ body: @Sendable (Range<Int>) -> Void
) {
    let blocks = (count + granularity - 1) / granularity
    let parts = max(1, min(threads, blocks, max(1, count / max(1, minimumPerThread))))
    if parts <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let lower = min(count, blocks * part / parts * granularity)
        let upper = min(count, blocks * (part + 1) / parts * granularity)
        if lower < upper { body(lower..<upper) }
    }
}

/// Splits `0..<count` into chunks of `chunk` indices (the last may be shorter; `chunk` < 1 counts as 1) that up to
/// `threads` threads take in turn as each finishes its last: on a machine whose cores run at unequal speeds (other
/// work on a core or its sibling), every thread stays busy to the end instead of the fastest waiting for the
/// slowest's fixed half. Callers make every output depend on its own index alone, as for
/// ``forEachRange(count:threads:granularity:minimumPerThread:_:)``, so the bits do not depend on who ran which chunk.
package func forEachChunk(count: Int, threads: Int, chunk: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunk = max(1, chunk)
    let chunks = (count + chunk - 1) / chunk
    let workers = max(1, min(threads, chunks))
    if workers <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let next = UncheckedSendable(UnsafeMutablePointer<CLong>.allocate(capacity: 1))
    next.value.initialize(to: 0)
    defer { next.value.deallocate() }
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = Int(xk_claim_next(next.value))
            guard index < chunks else { break }
            body(index * chunk..<min(count, (index + 1) * chunk))
        }
    }
}

/// `body(job)` for every job of `jobs`, on up to `threads` threads (contiguous runs of jobs through
/// ``forEachRange(count:threads:granularity:minimumPerThread:_:)``), the results in job order: the outcome does
/// not depend on the thread count as long as each job is deterministic.
package func parallelMap<T: Sendable>(_ jobs: Range<Int>, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let count = jobs.count
    guard count > 0 else { return [] }
    let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
    defer {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    // Each job writes its own slot only.
    let shared = UncheckedSendable(slots)
    forEachRange(count: count, threads: threads) { range in
        for job in range { shared.value[job] = body(jobs.lowerBound + job) }
    }
    return (0..<count).map { slots[$0]! }
}

/// Labels as the C kernels' `int64_t`, without a copy where `Int` is 64 bits.
func withInt64Labels<R>(_ labels: UnsafePointer<Int>, count: Int, _ body: (UnsafePointer<Int64>) -> R) -> R {
    if MemoryLayout<Int>.size == MemoryLayout<Int64>.size {
        return UnsafeRawPointer(labels).withMemoryRebound(to: Int64.self, capacity: count) { body($0) }
    }
    let copy = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, count))
    defer { copy.deallocate() }
    for i in 0..<count { copy[i] = Int64(labels[i]) }
    return body(copy)
}
