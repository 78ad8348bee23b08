import Dispatch
import XentKernels
import XentKernelsC

/// The dense matrix products the layers are built on (row-major, unchecked pointers), spread over threads.
///
/// Every output element is computed by exactly one thread, with its sum taken in one fixed order (the inner
/// index ascending), so the results are bit-identical for any thread count. Inner loops run over contiguous
/// memory with 4 output rows at once, so the compiler vectorises them and each loaded row is used 4 times.
enum MatrixProducts {
    /// Work (multiply–adds) below which a product runs on the calling thread.
    static let parallelThreshold = 1 << 16

    /// Whether `n` output columns take the narrow paths: fewer than 8, or 9 to 15, where the register-blocked
    /// micro-kernel would leave up to 7 columns to a strided scalar loop (a 12-class head spent most of its time
    /// there).
    static func isNarrow(_ n: Int) -> Bool { n < 16 && n != 8 }

    /// Runs `body(range)` over `0..<count` split in contiguous chunks of `⌈count / chunks⌉`, in parallel when `work`
    /// is large (the package's one splitter, ``forEachRange(count:threads:granularity:minimumPerThread:_:)``, with
    /// the chunk size as its granularity).
    static func forEachChunk(count: Int, work: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(count, max(1, threads), work >= parallelThreshold ? Int.max : 1)
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // Chunks write disjoint output rows, so sharing the closure across threads is safe.
            let shared = UncheckedSendable(escapable)
            forEachRange(count: count, threads: chunks, granularity: (count + chunks - 1) / chunks) { range in
                shared.value(range)
            }
        }
    }

    /// `c[m×n] = a[m×k] · b[k×n] (+ bias[n] on every row)`.
    static func multiply<S: NetworkScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, k: Int, n: Int, bias: UnsafePointer<S>?, threads: Int
    ) {
        if isNarrow(n) {
            multiplyNarrow(a, b, into: c, m: m, k: k, n: n, bias: bias, threads: threads)
            return
        }
        forEachChunk(count: m, work: m * k * n, threads: threads) { rows in
            block(rows, x: a, rowStride: k, depthStride: 1, depth: k, y: b, n: n, into: c, bias: bias)
        }
    }

    /// ``multiply(_:_:into:m:k:n:bias:threads:)`` for narrow outputs (a classifier's head): `b` is
    /// transposed once, then each output is a dot product of two contiguous rows, in 8 lanes (lane `l` sums the
    /// terms `q ≡ l mod 8` in ascending order, then the lanes are added in a fixed tree and the tail in order).
    static func multiplyNarrow<S: NetworkScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, k: Int, n: Int, bias: UnsafePointer<S>?, threads: Int
    ) {
        var transposed = [S](repeating: 0, count: n * k)
        transposed.withUnsafeMutableBufferPointer { t in
            guard let bt = t.baseAddress else { return }
            for p in 0..<k {
                for j in 0..<n { bt[j * k + p] = b[p * n + j] }
            }
            let shared = UncheckedSendable(UnsafePointer(bt))
            if S.self == Float.self {
                // The same sums in C, in the clone for the CPU (same bits).
                let af = UncheckedSendable(UnsafeRawPointer(a).assumingMemoryBound(to: Float.self))
                let cf = UncheckedSendable(UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self))
                let biasf = UncheckedSendable(bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) })
                let btf = UncheckedSendable(UnsafeRawPointer(bt).assumingMemoryBound(to: Float.self))
                forEachChunk(count: m, work: m * k * n, threads: threads) { rows in
                    xk_dense_narrow_f32(af.value, btf.value, cf.value, rows.lowerBound, rows.upperBound, k, n,
                                        biasf.value)
                }
                return
            }
            forEachChunk(count: m, work: m * k * n, threads: threads) { rows in
                let bt = shared.value
                let vectorDepth = k - k % 8
                for r in rows {
                    let x = UnsafeRawPointer(a + r * k)
                    for j in 0..<n {
                        let y = UnsafeRawPointer(bt + j * k)
                        var lanes = SIMD8<S>()
                        var q = 0
                        while q < vectorDepth {
                            let offset = q * MemoryLayout<S>.stride
                            lanes += x.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                                * y.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self)
                            q += 8
                        }
                        var sum = lanes.sum()
                        for t in vectorDepth..<k { sum += a[r * k + t] * bt[j * k + t] }
                        c[r * n + j] = sum + (bias?[j] ?? 0)
                    }
                }
            }
        }
    }

    /// `c[k×n] = aᵀ · b` for `a[m×k]`, `b[m×n]`: the weight gradient of a dense layer (a sum over the `m` rows).
    static func multiplyTransposingLeft<S: NetworkScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, k: Int, n: Int, threads: Int
    ) {
        if isNarrow(n) {
            multiplyTransposingLeftNarrow(a, b, into: c, m: m, k: k, n: n, threads: threads)
            return
        }
        forEachChunk(count: k, work: m * k * n, threads: threads) { rows in
            block(rows, x: a, rowStride: 1, depthStride: k, depth: m, y: b, n: n, into: c, bias: nil)
        }
    }

    /// ``multiplyTransposingLeft(_:_:into:m:k:n:threads:)`` for narrow outputs: over blocks of 512 rows of
    /// `c`, the rows of `a` scaled by `b[i, j]` are added into `n` contiguous accumulators that stay in the L1
    /// cache (the sum over `i` ascending, as the general path), then written into `c`.
    static func multiplyTransposingLeftNarrow<S: NetworkScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, k: Int, n: Int, threads: Int
    ) {
        let output = UncheckedSendable(c)
        let blockWidth = 512
        if S.self == Float.self {
            // The same sums in C, in the clone for the CPU (same bits).
            let af = UncheckedSendable(UnsafeRawPointer(a).assumingMemoryBound(to: Float.self))
            let bf = UncheckedSendable(UnsafeRawPointer(b).assumingMemoryBound(to: Float.self))
            let cf = UncheckedSendable(UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self))
            forEachChunk(count: k, work: m * k * n, threads: threads) { columns in
                var accumulators = [Float](repeating: 0, count: n * blockWidth)
                accumulators.withUnsafeMutableBufferPointer { scratch in
                    xk_weight_gradient_narrow_f32(af.value, bf.value, cf.value, m, k, n, columns.lowerBound,
                                                  columns.upperBound, scratch.baseAddress!)
                }
            }
            return
        }
        forEachChunk(count: k, work: m * k * n, threads: threads) { columns in
            var block = [S](repeating: 0, count: n * blockWidth)
            block.withUnsafeMutableBufferPointer { acc in
                guard let accumulators = acc.baseAddress else { return }
                var start = columns.lowerBound
                while start < columns.upperBound {
                    let width = min(blockWidth, columns.upperBound - start)
                    for p in 0..<(n * blockWidth) { accumulators[p] = 0 }
                    for i in 0..<m {
                        let x = a + i * k + start
                        for j in 0..<n {
                            let scale = b[i * n + j]
                            let row = accumulators + j * blockWidth
                            for p in 0..<width { row[p] += scale * x[p] }
                        }
                    }
                    for p in 0..<width {
                        for j in 0..<n { output.value[(start + p) * n + j] = accumulators[j * blockWidth + p] }
                    }
                    start += width
                }
            }
        }
    }

    /// `c[r, j] = bias[j] + Σ_q x[r·rowStride + q·depthStride] · y[q·n + j]` for the rows `rows` of `c`, the sum
    /// over `q` ascending. A register-blocked micro-kernel: 4 rows × 8 columns of accumulators held in SIMD
    /// registers while `q` runs, so each loaded row segment of `y` feeds 32 multiply–adds.
    /// In Float the same sums run in C, in the clone for the CPU (same bits).
    @inline(__always)
    static func block<S: NetworkScalar>(
        _ rows: Range<Int>, x: UnsafePointer<S>, rowStride: Int, depthStride: Int, depth: Int,
        y: UnsafePointer<S>, n: Int, into c: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?
    ) {
        if S.self == Float.self {
            xk_matrix_block_f32(
                UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), rowStride, depthStride, depth,
                UnsafeRawPointer(y).assumingMemoryBound(to: Float.self), n,
                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self),
                bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }, rows.lowerBound, rows.upperBound)
            return
        }
        let raw = UnsafeRawPointer(y)
        let vectorColumns = n - n % 8
        var r = rows.lowerBound
        while r < rows.upperBound {
            let height = min(4, rows.upperBound - r)
            let x0 = x + r * rowStride
            let x1 = x0 + (height > 1 ? rowStride : 0)
            let x2 = x0 + (height > 2 ? 2 * rowStride : 0)
            let x3 = x0 + (height > 3 ? 3 * rowStride : 0)
            var j = 0
            while j < vectorColumns {
                let start = bias.map { UnsafeRawPointer($0 + j).loadUnaligned(as: SIMD8<S>.self) } ?? SIMD8<S>()
                var c0 = start, c1 = start, c2 = start, c3 = start
                var q = 0
                while q < depth {
                    let v = raw.loadUnaligned(fromByteOffset: (q * n + j) * MemoryLayout<S>.stride, as: SIMD8<S>.self)
                    let o = q * depthStride
                    c0 += x0[o] * v
                    c1 += x1[o] * v
                    c2 += x2[o] * v
                    c3 += x3[o] * v
                    q += 1
                }
                let out = UnsafeMutableRawPointer(c + r * n + j)
                let step = n * MemoryLayout<S>.stride
                out.storeBytes(of: c0, as: SIMD8<S>.self)
                if height > 1 { out.storeBytes(of: c1, toByteOffset: step, as: SIMD8<S>.self) }
                if height > 2 { out.storeBytes(of: c2, toByteOffset: 2 * step, as: SIMD8<S>.self) }
                if height > 3 { out.storeBytes(of: c3, toByteOffset: 3 * step, as: SIMD8<S>.self) }
                j += 8
            }
            for h in 0..<height {
                let xr = x0 + h * rowStride
                let cr = c + (r + h) * n
                for jj in vectorColumns..<n {
                    var sum = bias?[jj] ?? 0
                    for q in 0..<depth { sum += xr[q * depthStride] * y[q * n + jj] }
                    cr[jj] = sum
                }
            }
            r += height
        }
    }

    /// `c[m×k] = a[m×n] · bᵀ` for `b[k×n]`: the input gradient of a dense layer.
    static func multiplyTransposingRight<S: NetworkScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, threads: Int
    ) {
        var transposed = [S](repeating: 0, count: n * k)
        transposed.withUnsafeMutableBufferPointer { t in
            guard let base = t.baseAddress else { return }
            for p in 0..<k {
                for j in 0..<n { t[j * k + p] = b[p * n + j] }
            }
            multiply(a, UnsafePointer(base), into: c, m: m, k: n, n: k, bias: nil, threads: threads)
        }
    }

    /// `sums[n] = Σ_i a[i, j]` over the `m` rows of `a[m×n]`, rows in order: the bias gradient.
    static func columnSums<S: NetworkScalar>(_ a: UnsafePointer<S>, m: Int, n: Int, into sums: UnsafeMutablePointer<S>) {
        for j in 0..<n { sums[j] = 0 }
        for i in 0..<m {
            let row = a + i * n
            for j in 0..<n { sums[j] += row[j] }
        }
    }
}

