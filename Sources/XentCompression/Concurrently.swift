import Dispatch

/// Runs `body(i)` for every `i` in `0..<count`, on up to `count` threads (inline when `count` is 1): the segments of
/// a segmented stream, coded or decoded at once. The caller gives each index its own data (its own encoder or
/// decoder, its own output slot), so no two calls touch the same memory; that is what makes handing `body`, with
/// its non-Sendable captures, to other threads sound.
func concurrently(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let shared = PerIndexWork(body: body)
        DispatchQueue.concurrentPerform(iterations: count) { shared.body($0) }
    }
}

/// `concurrently`'s body, moved to the worker threads (see there for why that is sound).
private struct PerIndexWork: @unchecked Sendable {
    let body: (Int) -> Void
}
