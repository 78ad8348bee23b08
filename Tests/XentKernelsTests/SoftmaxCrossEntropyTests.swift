import Foundation
import Testing
import XentKernels
import XentKernelsC

@Suite("Fused softmax cross-entropy")
struct SoftmaxCrossEntropyTests {
    static func logits(rows: Int, classes: Int, seed: UInt64, spread: Double = 8) -> [Double] {
        var rng = SplitMix(seed: seed)
        return (0..<rows * classes).map { _ in rng.uniform(-spread, spread) }
    }

    /// Rows of 3, 10 and 16 classes (lanes path, k known at compile time), 17, 24, 40 and 64 (float: lanes with k known
    /// at run time; double: row path), 65, 100 and 1000 (row path), both types; 21 rows, so one whole block of 16
    /// lanes and a partial one.
    /// A logit of -inf at a class other than the label (a mask, as in constrained decoding) has probability 0 and
    /// no weight in the loss: the loss is that of the other classes, finite, and the masked class's gradient is 0, in
    /// every path (lanes of up to 64 classes, rows one at a time), as PyTorch's `cross_entropy` with class indices.
    /// Until stop 21 the lanes multiplied the mask by its zero weight and returned NaN.
    @Test("a logit of -inf away from the label leaves the loss finite", arguments: [3, 10, 16, 17, 24, 40, 64, 65, 1000])
    func maskedLogits(classes: Int) throws {
        let rows = 21
        var x = Self.logits(rows: rows, classes: classes, seed: UInt64(classes) + 5)
        var rng = SplitMix(seed: 7)
        let labels = (0..<rows).map { _ in Int(rng.next() % UInt64(classes)) }
        let masked = labels.map { ($0 + 1 + classes / 2) % classes }
        for r in 0..<rows { x[r * classes + masked[r]] = -.infinity }
        let weights = (0..<classes).map { Double($0 % 3) * 0.5 + 0.5 }
        for useWeights in [false, true] {
            let out = try Kernels.softmaxCrossEntropy(
                logits: Matrix(rows: rows, columns: classes, elements: x), labels: labels,
                classWeights: useWeights ? weights : nil)
            let outFloat = try Kernels.softmaxCrossEntropy(
                logits: Matrix(rows: rows, columns: classes, elements: x.map { Float($0) }), labels: labels,
                classWeights: useWeights ? weights.map { Float($0) } : nil)
            for r in 0..<rows {
                // The definition on the row without its masked class.
                let keep = (0..<classes).filter { $0 != masked[r] }
                let row = keep.map { x[r * classes + $0] }
                let c = keep.map { $0 == labels[r] ? (useWeights ? weights[$0] : 1) : 0 }
                let ref = referenceCrossEntropy(row, weights: c)
                // (Float: against the definition on the Float-rounded logits.)
                let refFloat = referenceCrossEntropy(row.map { Double(Float($0)) }, weights: c)
                #expect(abs(out.rowLosses[r] - ref.loss) <= 1e-13 * max(1, abs(ref.loss)), "row \(r)")
                #expect(abs(Double(outFloat.rowLosses[r]) - refFloat.loss) <= 2e-6 * max(1, abs(ref.loss)), "row \(r)")
                #expect(out.gradient?[r, masked[r]] == 0 && outFloat.gradient?[r, masked[r]] == 0, "row \(r)")
                for (i, j) in keep.enumerated() {
                    #expect(abs((out.gradient?[r, j] ?? .nan) - ref.gradient[i]) <= 1e-15 * Double(classes))
                    #expect(abs(Double(outFloat.gradient?[r, j] ?? .nan) - refFloat.gradient[i]) <= 4e-7) // (as `sparse`)
                }
            }
        }
    }

    @Test("sparse labels with weights, smoothing and ignore index match the definition",
          arguments: [3, 10, 16, 17, 24, 40, 64, 65, 100, 1000])
    func sparse(classes: Int) throws {
        let rows = 21
        let x = Self.logits(rows: rows, classes: classes, seed: UInt64(classes))
        var rng = SplitMix(seed: 99)
        var labels = (0..<rows).map { _ in Int(rng.next() % UInt64(classes)) }
        labels[4] = -100
        let weights = (0..<classes).map { Double($0 % 3) * 0.5 + 0.5 }
        let eps = 0.1, scale = 0.25
        for useWeights in [false, true] {
            let out = try Kernels.softmaxCrossEntropy(
                logits: Matrix(rows: rows, columns: classes, elements: x), labels: labels,
                classWeights: useWeights ? weights : nil, labelSmoothing: eps, gradientScale: scale)
            let outFloat = try Kernels.softmaxCrossEntropy(
                logits: Matrix(rows: rows, columns: classes, elements: x.map { Float($0) }), labels: labels,
                classWeights: useWeights ? weights.map { Float($0) } : nil, labelSmoothing: Float(eps),
                gradientScale: Float(scale))
            for r in 0..<rows {
                let row = Array(x[r * classes..<(r + 1) * classes])
                let c: [Double] = (0..<classes).map { j in
                    let w = useWeights ? weights[j] : 1
                    return w * eps / Double(classes) + (j == labels[r] ? (1 - eps) * w : 0)
                }
                let ref = labels[r] == -100 ? (0, [Double](repeating: 0, count: classes)) : referenceCrossEntropy(row, weights: c)
                #expect(abs(out.rowLosses[r] - ref.0) <= 1e-13 * max(1, abs(ref.0)))
                #expect(abs(Double(outFloat.rowLosses[r]) - ref.0) <= 2e-6 * max(1, abs(ref.0)))
                for j in 0..<classes {
                    let g = out.gradient?[r, j] ?? .nan, gf = outFloat.gradient?[r, j] ?? .nan
                    #expect(abs(g - scale * ref.1[j]) <= 1e-15 * Double(classes))
                    #expect(abs(Double(gf) - scale * ref.1[j]) <= 1e-7)
                }
            }
        }
    }

    @Test("dense targets match the definition", arguments: [5, 40])
    func dense(classes: Int) throws {
        let rows = 19
        let x = Self.logits(rows: rows, classes: classes, seed: 5)
        var rng = SplitMix(seed: 6)
        let t = (0..<rows * classes).map { _ in rng.uniform(0, 1) }
        let eps = 0.2
        let out = try Kernels.softmaxCrossEntropy(
            logits: Matrix(rows: rows, columns: classes, elements: x),
            targets: Matrix(rows: rows, columns: classes, elements: t), labelSmoothing: eps)
        for r in 0..<rows {
            let row = Array(x[r * classes..<(r + 1) * classes])
            let c = (0..<classes).map { (1 - eps) * t[r * classes + $0] + eps / Double(classes) }
            let ref = referenceCrossEntropy(row, weights: c)
            #expect(abs(out.rowLosses[r] - ref.loss) <= 1e-12 * max(1, abs(ref.loss)))
            for j in 0..<classes { #expect(abs((out.gradient?[r, j] ?? .nan) - ref.gradient[j]) <= 1e-13) }
        }
    }

    @Test("extreme logits stay finite: the row maximum is subtracted first")
    func extremeLogits() throws {
        let out = try Kernels.softmaxCrossEntropy(
            logits: Matrix(rows: 2, columns: 3, elements: [Float(1e4), -1e4, 0, -88, 88, 0]), labels: [1, 0])
        #expect(out.rowLosses[0] == 20_000)
        #expect(out.rowLosses[1] == 176)
    }

    @Test("the gradient may overwrite the logits, and splitting rows across threads keeps every bit")
    func inPlaceAndThreads() {
        // 1050 x 1000 floats (4.2 MB) takes the streaming-store path for batches beyond the caches, and so does
        // 16411 x 64 (4.2 MB) in the lanes (rows of 64 classes, a partial last block).
        for (rows, classes) in [(14_000, 10), (3001, 40), (16_411, 64), (466, 300), (1050, 1000)] {
            let x = (0..<rows * classes).map { Float(($0 &* 7919) % 2003) / 100 - 10 }
            let labels = (0..<rows).map { $0 % classes }
            var separate = [Float](repeating: 0, count: x.count), inPlace = x
            var losses1 = [Float](repeating: 0, count: rows), losses2 = losses1, losses3 = losses1
            x.withUnsafeBufferPointer { xb in
                labels.withUnsafeBufferPointer { lb in
                    separate.withUnsafeMutableBufferPointer { g in
                        losses1.withUnsafeMutableBufferPointer { l in
                            Kernels.softmaxCrossEntropy(
                                logits: xb.baseAddress!, rows: rows, classes: classes, labels: lb.baseAddress!,
                                rowLosses: l.baseAddress, gradient: g.baseAddress, threads: 1)
                        }
                    }
                    losses2.withUnsafeMutableBufferPointer { l in
                        Kernels.softmaxCrossEntropy(
                            logits: xb.baseAddress!, rows: rows, classes: classes, labels: lb.baseAddress!,
                            rowLosses: l.baseAddress, gradient: nil, threads: 3)
                    }
                    inPlace.withUnsafeMutableBufferPointer { g in
                        losses3.withUnsafeMutableBufferPointer { l in
                            Kernels.softmaxCrossEntropy(
                                logits: g.baseAddress!, rows: rows, classes: classes, labels: lb.baseAddress!,
                                rowLosses: l.baseAddress, gradient: g.baseAddress, threads: 2)
                        }
                    }
                }
            }
            #expect(sameBits(losses1, losses2))
            #expect(sameBits(losses1, losses3))
            #expect(sameBits(separate, inPlace))
        }
    }

    /// One call on a batch beyond the caches (at least 4 MiB of gradient: for rows up to 128 KiB each row's gradient
    /// is written during the next row's exp loop, from two scratch rows; longer rows take one scratch row and
    /// streaming stores) against the same rows in calls of `chunk` rows (the path for batches that fit the caches):
    /// every loss and gradient bit must agree, for labels (ignored rows, labels in the first and last column and in
    /// the partial last vector), class weights, smoothing, dense targets and extreme logits. The logits start a page
    /// and the whole batch's gradient `gradientShift` elements past one, which sets their distance modulo 4096 bytes
    /// (the large-batch schedules order their loads and stores by it: StoreAliasing.h).
    static func pipelinedMatchesSmallBatches<Scalar: KernelScalar>(
        _: Scalar.Type, rows: Int, classes: Int = 1003, chunk: Int = 100, gradientShift: Int = 0
    ) -> Bool {
        var x = Self.logits(rows: rows, classes: classes, seed: 7).map { Scalar($0) }
        for j in 0..<classes { x[5 * classes + j] = j % 2 == 0 ? -10_000 : 0 } // the full exp in row 5
        x[6 * classes + classes / 2] = .nan         // a NaN logit: row 6 is NaN throughout, every other row finite
        x[7 * classes + 11] = -.infinity             // a logit of -inf: its exp is 0 (+inf loss where it has weight)
        var labels = (0..<rows).map { ($0 &* 7919) % classes }
        labels[0] = 0; labels[1] = classes - 1; labels[2] = classes - 3; labels[3] = -100; labels[rows - 1] = -100
        let weights = (0..<classes).map { Scalar($0 % 5) * 0.25 + 0.5 }
        var rng = SplitMix(seed: 11)
        var targets = (0..<rows * classes).map { _ in Scalar(rng.uniform(0, 1)) }
        for r in 0..<rows {
            let sum = targets[(r * classes)..<((r + 1) * classes)].reduce(0, +)
            for j in 0..<classes { targets[r * classes + j] /= sum }
        }
        // The logits and the gradient each start a page (so `shift` alone sets their distance modulo 4096 bytes).
        let page = 4096, count = rows * classes, size = MemoryLayout<Scalar>.stride
        let logits = UnsafeMutableRawPointer.allocate(byteCount: count * size, alignment: page)
            .initializeMemory(as: Scalar.self, from: x, count: count)
        let gradientBuffer = UnsafeMutableRawPointer.allocate(byteCount: (gradientShift + count) * size, alignment: page)
            .bindMemory(to: Scalar.self, capacity: gradientShift + count)
        defer {
            logits.deallocate()
            gradientBuffer.deallocate()
        }
        func run(_ chunk: Int, dense: Bool, weighted: Bool, smoothing: Scalar, shift: Int = 0) -> ([Scalar], [Scalar]) {
            var losses = [Scalar](repeating: 0, count: rows)
            let gradient = gradientBuffer + shift
            gradient.initialize(repeating: 0, count: count)
            for start in stride(from: 0, to: rows, by: chunk) {
                let n = min(chunk, rows - start)
                let xs = logits + start * classes, gs = gradient + start * classes
                weights.withUnsafeBufferPointer { wb in
                    losses.withUnsafeMutableBufferPointer { lb in
                        let w = weighted ? wb.baseAddress : nil
                        if dense {
                            targets.withUnsafeBufferPointer { tb in
                                Kernels.softmaxCrossEntropy(
                                    logits: xs, rows: n, classes: classes,
                                    targets: tb.baseAddress! + start * classes, classWeights: w,
                                    labelSmoothing: smoothing, rowLosses: lb.baseAddress! + start,
                                    gradient: gs, gradientScale: 0.5)
                            }
                        } else {
                            labels.withUnsafeBufferPointer { yb in
                                Kernels.softmaxCrossEntropy(
                                    logits: xs, rows: n, classes: classes, labels: yb.baseAddress! + start,
                                    classWeights: w, labelSmoothing: smoothing,
                                    rowLosses: lb.baseAddress! + start, gradient: gs, gradientScale: 0.5)
                            }
                        }
                    }
                }
            }
            return (losses, Array(UnsafeBufferPointer(start: gradient, count: count)))
        }
        // NaN compared as NaN (which NaN a path gives is not part of the contract), all else bit for bit.
        func canonical(_ v: [Scalar]) -> [Scalar] { v.map { $0.isNaN ? .nan : $0 } }
        let nanGradient = 6 * classes..<7 * classes
        var same = true
        for (dense, weighted, smoothing) in [(false, false, Scalar(0)), (false, true, Scalar(0.1)),
                                             (true, false, Scalar(0)), (true, true, Scalar(0.2))] {
            let whole = run(rows, dense: dense, weighted: weighted, smoothing: smoothing, shift: gradientShift)
            let pieces = run(chunk, dense: dense, weighted: weighted, smoothing: smoothing)
            same = same && sameBits(canonical(whole.0), canonical(pieces.0))
                && sameBits(canonical(whole.1), canonical(pieces.1))
                && whole.0.indices.allSatisfy {
                    $0 == 6 ? whole.0[$0].isNaN : $0 == 7 ? !whole.0[$0].isNaN : whole.0[$0].isFinite
                }
                && whole.1.indices.allSatisfy { nanGradient.contains($0) ? whole.1[$0].isNaN : whole.1[$0].isFinite }
        }
        return same
    }

    /// Rows whose logits span about 85 below their maximum, where the row kernels switch between the clamp-free exp
    /// for the whole row and the exp with a test per vector (e^(x - m) underflows to subnormals and 0 below about
    /// -87): every loss and gradient element within Float rounding of the Float64 definition, in a batch that fits
    /// the caches and in one beyond them (pipelined), and a NaN logit spoils its own row only.
    @Test("rows spanning the edge of the fast exp match the definition", arguments: [40, 100, 1000, 5000])
    func rowsSpanningTheFastExpEdge(classes: Int) throws {
        let spans: [Float] = [84.5, 84.99, 85, 85.01, 85.5, 86, 86.01, 87, 90, 100, 103.9, 110, 200, 1e4]
        let rows = max(spans.count + 1, (4 << 20) / (4 * classes) + 1)
        var rng = SplitMix(seed: UInt64(classes))
        var x = (0..<rows * classes).map { _ in Float(rng.uniform(-8, 8)) }
        for r in 0..<rows {
            let span = spans[r % spans.count]
            // The maximum at one place, the lowest logit `span` below it at another (in the partial last vector for
            // some rows), a few more just above that.
            let hi = (r * 7) % classes, lo = (r * 13 + 5) % classes
            guard hi != lo else { continue }
            x[r * classes + hi] = 8
            x[r * classes + lo] = 8 - span
            x[r * classes + (lo + 1) % classes] = 8 - span + 0.5
        }
        x[spans.count * classes + 3] = .nan
        let labels = (0..<rows).map { ($0 * 31) % classes }
        for batch in [spans.count + 1, rows] {
            let out = try Kernels.softmaxCrossEntropy(
                logits: Matrix(rows: batch, columns: classes, elements: Array(x[0..<batch * classes])),
                labels: Array(labels[0..<batch]))
            for r in 0..<batch {
                let row = x[r * classes..<(r + 1) * classes].map { Double($0) }
                let c = (0..<classes).map { $0 == labels[r] ? 1.0 : 0 }
                if row.contains(where: \.isNaN) {
                    #expect(out.rowLosses[r].isNaN)
                    continue
                }
                let ref = referenceCrossEntropy(row, weights: c)
                #expect(abs(Double(out.rowLosses[r]) - ref.loss) <= 4e-6 * max(1, abs(ref.loss)), "row \(r)")
                var worst = 0.0
                for j in 0..<classes {
                    let g = Double(out.gradient?[r, j] ?? .nan)
                    worst = max(worst, abs(g - ref.gradient[j]) / (1e-6 + abs(ref.gradient[j])))
                    if !(worst <= 1e-5) { break }
                }
                #expect(worst <= 1e-5, "row \(r): gradient off by \(worst) relative")
            }
        }
    }

    @Test("a batch beyond the caches gives the same bits as the same rows in small batches")
    func pipelinedLargeBatches() {
        #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 1100))  // 4.4 MB of float gradient
        #expect(Self.pipelinedMatchesSmallBatches(Double.self, rows: 560))  // 4.5 MB of double gradient
        // Rows of 160 KB: one scratch row and streaming stores.
        #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 27, classes: 40_003, chunk: 10))
        // Lane rows (24 and 64 classes) whose gradient goes out with streaming stores, a partial last block.
        #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 43_693, classes: 24, chunk: 1000))
        #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 16_411, classes: 64, chunk: 1000))
    }

    /// Batches beyond the caches with rows of up to 32 768 floats run one of three schedules, chosen by timing them
    /// on the call's own rows (xk_softmax_ce_schedule): each forced one, and timing on every call (12 600 rows of 1003
    /// classes: a round of six timed samples of 2091 rows, two by each schedule, then 54 rows more), must give the
    /// bits of the same rows in small batches. One test taking the settings in turn: the setting is the process's,
    /// and the cases of a parameterized test run at the same time (other tests meanwhile run whichever schedule is
    /// set, with the same bits).
    @Test("every schedule of a batch beyond the caches gives the same bits")
    func schedulesOfLargeBatches() {
        defer { xk_set_softmax_ce_schedule(0) }
        for schedule: Int32 in [1, 2, 3, 4] {
            xk_set_softmax_ce_schedule(schedule)
            #expect(xk_softmax_ce_schedule() == schedule)
            if schedule == 4 {
                #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 12_600, chunk: 1000), "timed")
            } else {
                #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 1100), "schedule \(schedule)")
                #expect(Self.pipelinedMatchesSmallBatches(Double.self, rows: 560), "schedule \(schedule)")
                // Each reads ahead of, or stores behind, its stores by as many vectors as the gradient's distance
                // from the logits modulo 4096 bytes asks (StoreAliasing.h). Rows of 1003 floats with the gradient
                // shifted by 0 (above), 25 or 100 floats ask the pipelined and two-pass loops for 2, 3 or 8 vectors
                // and the three-row loop for 5, 7 or 12 (reads that wrap past the row's end, stores begun late), 512
                // for none; doubles shifted by 0 and 13 ask for 3 and 5, and 9 and 11.
                for shift in [25, 100, 512] {
                    #expect(Self.pipelinedMatchesSmallBatches(Float.self, rows: 1100, gradientShift: shift),
                            "schedule \(schedule), shift \(shift)")
                }
                #expect(Self.pipelinedMatchesSmallBatches(Double.self, rows: 560, gradientShift: 13),
                        "schedule \(schedule), Double, shift 13")
            }
        }
    }

    @Test("bad input throws a typed error naming the argument")
    func validation() {
        let logits = Matrix(rows: 2, columns: 3, elements: [Float](repeating: 0, count: 6))
        #expect(throws: KernelError.labelOutOfRange(row: 1, label: 3, classes: 3)) {
            try Kernels.softmaxCrossEntropy(logits: logits, labels: [0, 3])
        }
        #expect(throws: KernelError.sizeMismatch(argument: "labels", count: 1, expected: 2)) {
            try Kernels.softmaxCrossEntropy(logits: logits, labels: [0])
        }
        #expect(throws: KernelError.self) { try Kernels.softmaxCrossEntropy(logits: logits, labels: [0, 1], labelSmoothing: 1.5) }
        #expect(throws: KernelError.self) { try Kernels.softmaxCrossEntropy(logits: logits, labels: [0, 1], threads: 0) }
        #expect(throws: KernelError.noClasses) {
            try Kernels.softmaxCrossEntropy(logits: Matrix(rows: 1, columns: 0, elements: [Float]()), labels: [0])
        }
        #expect(KernelError.labelOutOfRange(row: 1, label: 3, classes: 3).description
            == "labels: row 1 has label 3, expected 0..<3 or the ignore index")
    }
}
