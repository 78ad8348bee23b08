import Foundation

/// The memory `xent bench` may use, checked before anything is allocated: a shape whose buffers do not fit is
/// refused (exit 64) instead of aborting in the allocator.
enum BenchMemory {
    /// The bytes one run of `kernel`s on `shape` in `dtype` allocates at once (``BenchRunner``'s buffers: logits,
    /// an auxiliary input, the output, labels and per-row results).
    static func bytes(for shape: BenchShape, dtype: BenchDtype) -> Double {
        if let depth = shape.depth {
            // h, W, dh, dW, one block of at most 256 tokens' logits, labels and per-token values.
            let n = Double(shape.rows), v = Double(shape.classes), d = Double(depth)
            return (2 * n * d + 2 * v * d + 256 * v + 256 * d) * Double(dtype.size) + n * 16
        }
        let elements = Double(shape.rows) * Double(shape.classes)
        return 3 * elements * Double(dtype.size) + Double(shape.rows) * Double(8 + dtype.size + 8)
    }

    /// What the process can still allocate, and the limit that sets it: physical memory, and the address-space
    /// (RLIMIT_AS) and data-segment (RLIMIT_DATA) limits where set, less what the process already uses of them.
    static func available() -> (bytes: Double, limit: String) {
        var best = (bytes: Double(ProcessInfo.processInfo.physicalMemory), limit: "the physical memory")
        let (addressSpace, data) = currentUsage()
        for (resource, name, used) in [(RLIMIT_AS, "RLIMIT_AS, the address-space limit", addressSpace),
                                       (RLIMIT_DATA, "RLIMIT_DATA, the data-segment limit", data)] {
            var limit = rlimit()
            #if os(Linux)
            let status = getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
            let unlimited = rlim_t.max  // RLIM_INFINITY, which Swift does not import on Linux
            #else
            let status = getrlimit(resource, &limit)
            let unlimited = RLIM_INFINITY
            #endif
            guard status == 0, limit.rlim_cur != unlimited else { continue }
            let left = max(0, Double(limit.rlim_cur) - used)
            if left < best.bytes { best = (left, "\(name) (\(gigabytes(Double(limit.rlim_cur)))), less "
                + "\(gigabytes(used)) in use") }
        }
        return best
    }

    /// The process's address space and data segment now, in bytes (Linux: /proc/self/statm; 0 elsewhere).
    static func currentUsage() -> (addressSpace: Double, data: Double) {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return (0, 0) }
        let fields = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        guard fields.count >= 6 else { return (0, 0) }
        return (fields[0] * page, fields[5] * page)
    }

    static func gigabytes(_ bytes: Double) -> String {
        NumberText.fixed(bytes / 1e9, 1) + " GB"
    }

    /// Refuses (exit 64) the first shape and dtype whose buffers, next to the copy-bandwidth buffers (kept for the
    /// copies timed beside every repetition), do not fit.
    static func check(_ plan: BenchPlan, shapesGiven: Bool) throws(CLIError) {
        let (available, limit) = available()
        let copy = 2 * Double(plan.copyBytes)
        if copy > available {
            throw CLIError("bench: the copy-bandwidth measurement needs \(gigabytes(copy)): expected it to fit in "
                + "the \(gigabytes(available)) available (\(limit)); try --quick", exitCode: .usage)
        }
        for dtype in plan.dtypes {
            for shape in plan.shapes where bytes(for: shape, dtype: dtype) + copy > available {
                let needed = bytes(for: shape, dtype: dtype)
                throw CLIError.badArgument(
                    shapesGiven ? "--shapes" : "--shapes (a default shape; pick smaller ones or --quick)",
                    shape.text,
                    expected: "a shape whose \(dtype.rawValue) buffers (\(gigabytes(needed))) fit, next to the copy "
                        + "probe's \(gigabytes(copy)), in the \(gigabytes(available)) available (\(limit))")
            }
        }
    }
}
