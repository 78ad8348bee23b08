#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The owner of a model's tables: every table is allocated here, sized from checked parameters, and freed when
/// the model goes away. Models keep raw pointers into these blocks so that the per-bit path has no reference
/// counting and no bounds checks.
///
/// Tables of 2 MiB or more are aligned to 2 MiB and, on Linux, marked for transparent huge pages: the models
/// read them at random, and with 4 KiB pages nearly every read would also miss the TLB.
final class ModelMemory {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// The bytes allocated so far.
    private(set) var byteCount = 0

    init() {}

    /// A table of `count` elements, each set to `value`.
    func table<T: BitwiseCopyable>(of type: T.Type, count: Int, initialValue value: T) -> UnsafeMutablePointer<T> {
        let bytes = max(count * MemoryLayout<T>.stride, 1)
        let hugePage = 2 << 20
        let alignment = bytes >= hugePage ? hugePage : max(MemoryLayout<T>.alignment, 64)
        var raw: UnsafeMutableRawPointer?
        let block: UnsafeMutableRawPointer
        if posix_memalign(&raw, alignment, bytes) == 0, let aligned = raw {
            block = aligned
            #if os(Linux)
            if bytes >= hugePage { _ = madvise(block, bytes, MADV_HUGEPAGE) }
            #endif
        } else {
            // posix_memalign failed: take Swift's allocator (which traps on exhaustion, as an array would).
            block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            swiftBlocks.insert(blocks.count)
        }
        let pointer = block.bindMemory(to: T.self, capacity: count)
        pointer.initialize(repeating: value, count: count)
        blocks.append(block)
        byteCount += bytes
        return pointer
    }

    /// The indices of blocks from Swift's allocator rather than posix_memalign.
    private var swiftBlocks: Set<Int> = []

    deinit {
        for (i, block) in blocks.enumerated() {
            if swiftBlocks.contains(i) { block.deallocate() } else { free(block) }
        }
    }
}
