import Dispatch

/// A value moved into worker closures as is: the kernels' pointers, whose disjoint use the splitting guarantees.
/// Package-wide (the training layer's products and feature loops hand their buffers to workers the same way).
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

/// Splits `0..<count` into at most `threads` contiguous ranges whose bounds are multiples of `granularity`
/// (except the end) and runs `body` on each, in parallel when there is more than one.
///
/// Callers make every output depend on its own index alone (or on fixed blocks of `granularity` indices), so
/// the result has the same bits for any thread count.
func forEachRange(
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
