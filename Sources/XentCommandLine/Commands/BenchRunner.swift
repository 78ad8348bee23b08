import Dispatch
import Foundation
import XentKernels
import XentLosses

/// Runs a ``BenchPlan``: measures copy bandwidth, then every kernel on every shape and dtype.
struct BenchRunner {
    var plan: BenchPlan
    var progress: Bool

    struct Report {
        var copyRates: CopyRates
        /// The copy bound's rate, bytes copied per second.
        var copyBandwidth: Double { copyRates.best }
        var results: [BenchResult]
        var threads: Int
        var clock: BenchClock
        var transcendentals: [BenchTranscendentals] = []
        var cpu: String = BenchMachine.cpuName

        var json: JSONValue {
            .object([
                ("cpu", .string(cpu)),
                ("copy_bandwidth_gbs", .number(copyBandwidth / 1e9)),
                ("memcpy_bandwidth_gbs", .number(copyRates.memcpy / 1e9)),
                ("streaming_copy_bandwidth_gbs", .number(copyRates.streaming / 1e9)),
                ("dispatch", .string(Kernels.dispatchName)),
                ("dispatch_clone", .string(BenchMachine.clone)),
                ("threads", .integer(threads)),
                ("clock", .string(clock.rawValue)),
                ("transcendentals", .array(transcendentals.map { t -> JSONValue in
                    .object([
                        ("dtype", .string(t.dtype.rawValue)), ("exp_per_second", .number(t.expPerSecond)),
                        ("log_per_second", .number(t.logPerSecond)),
                    ])
                })),
                ("results", .array(results.map { r -> JSONValue in
                    var fields: [(String, JSONValue)] = [
                        ("kernel", .string(r.kernel.rawValue)), ("dtype", .string(r.dtype.rawValue)),
                        ("n", .integer(r.shape.rows)), ("k", .integer(r.shape.classes)),
                    ]
                    if let depth = r.shape.depth { fields.append(("d", .integer(depth))) }
                    fields += [
                        ("threads", .integer(r.threads)), ("elements_per_second", .number(r.elementsPerSecond)),
                        ("fraction_of_bound", .number(r.fractionOfBound)), ("checksum", .number(r.checksum)),
                        ("copy_bound_elements_per_second", .number(r.copyBound)),
                        ("compute_bound_elements_per_second", r.computeBound.map { .number($0) } ?? .null),
                        ("ceiling_elements_per_second", .number(r.ceiling)),
                        ("ceiling_limit", .string(r.ceilingLimit)),
                        ("fraction_of_ceiling", .number(r.fractionOfCeiling)),
                    ]
                    if let flops = r.flopsPerSecond { fields.append(("flops_per_second", .number(flops))) }
                    if let speedup = r.speedupOverOneThread {
                        fields.append(("speedup_over_one_thread", .number(speedup)))
                    }
                    if let same = r.oneThreadSameChecksum { fields.append(("one_thread_same_checksum", .bool(same))) }
                    return .object(fields)
                })),
            ])
        }

        var textLines: [String] {
            var lines = [
                "cpu \(cpu); kernels dispatched for \(Kernels.dispatchName) (clone \(BenchMachine.clone))",
                "copy bandwidth \(NumberText.fixed(copyBandwidth / 1e9, 2)) GB/s (bytes copied per second, the faster of "
                    + "memcpy \(NumberText.fixed(copyRates.memcpy / 1e9, 2)) and a streaming copy "
                    + "\(NumberText.fixed(copyRates.streaming / 1e9, 2)), on \(threads) thread\(threads == 1 ? "" : "s")"
                    + "; each row's copy bound is the faster copy timed again next to every run); "
                    + "\(clock.rawValue) clock",
            ]
            for t in transcendentals {
                lines.append("\(t.dtype.rawValue) on L1-resident data, one thread: exp "
                    + "\(NumberText.fixed(t.expPerSecond / 1e9, 3)) G/s, log \(NumberText.fixed(t.logPerSecond / 1e9, 3)) G/s")
            }
            lines.append("")
            let scaling = results.contains { $0.speedupOverOneThread != nil }
            let header = ["kernel", "dtype", "shape", "G elem/s", "of bound", "ceiling", "limit", "of ceiling",
                          "GFLOP/s", "checksum"] + (scaling ? ["vs 1 thread", "same bits"] : [])
            var rows = [header]
            for r in results {
                let scalingColumns = scaling
                    ? [r.speedupOverOneThread.map { NumberText.fixed($0, 2) + "x" } ?? "-",
                       r.oneThreadSameChecksum.map { $0 ? "yes" : "NO" } ?? "-"]
                    : []
                rows.append([
                    r.kernel.rawValue, r.dtype.rawValue, r.shape.text,
                    NumberText.fixed(r.elementsPerSecond / 1e9, 3), NumberText.fixed(100 * r.fractionOfBound, 1) + "%",
                    NumberText.fixed(r.ceiling / 1e9, 3), r.ceilingLimit,
                    NumberText.fixed(100 * r.fractionOfCeiling, 1) + "%",
                    r.flopsPerSecond.map { NumberText.fixed($0 / 1e9, 1) } ?? "-",
                    NumberText.significant(r.checksum, 10),
                ] + scalingColumns)
            }
            return lines + TextTable(
                rows, alignments: [.left, .left, .left, .right, .right, .right, .left, .right]).lines
        }
    }

    func run() -> Report {
        let copyProbe = CopyProbe(bytes: plan.copyBytes, threads: plan.threads)
        defer { copyProbe.deallocate() }
        let copyRates = copyProbe.rates(repetitions: max(3, plan.repetitions), clock: plan.clock)
        let bandwidth = copyRates.best
        // Each row's copy bound is the copy timed again next to every repetition of its kernel, with the faster
        // method here (memory bandwidth drifts on a shared machine as the clock does; see `pairedTimes`).
        let streamingIsFaster = copyRates.streaming >= copyRates.memcpy
        let copyNow = { copyProbe.rate(streaming: streamingIsFaster, clock: plan.clock) }
        // The transcendental functions' rates for the header line (each row's ceiling comes from a probe timed next to
        // its own runs): one thread, whatever --threads (a kernel on t threads may reach t times).
        let transcendentals = plan.dtypes.map {
            BenchTranscendentals.measure(
                $0, clock: plan.clock, repetitions: max(3, plan.repetitions),
                evaluations: plan.copyBytes >= 256 << 20 ? 16 << 20 : 1 << 20)
        }
        var results: [BenchResult] = []
        for dtype in plan.dtypes {
            for shape in plan.shapes {
                if progress { printError("bench: \(dtype.rawValue) \(shape.text)") }
                switch (dtype, shape.depth != nil) {
                case (.float32, false): results += measure(Float.self, dtype, shape, copyNow)
                case (.float64, false): results += measure(Double.self, dtype, shape, copyNow)
                case (.float32, true): results += measureLinear(Float.self, dtype, shape, bandwidth)
                case (.float64, true): results += measureLinear(Double.self, dtype, shape, bandwidth)
                }
            }
        }
        return Report(
            copyRates: copyRates, results: results, threads: plan.threads, clock: plan.clock,
            transcendentals: transcendentals)
    }

    /// Median time of `repetitions` calls of `body`, in seconds.
    static func medianTime(_ repetitions: Int, clock: BenchClock, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = clock.now
            body()
            times.append(Double(max(1, clock.now &- start)) * 1e-9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// `repetitions` runs of `body(threads)`, each followed by one timing of `probe` (when there is one), one of
    /// `copyBound` (when there is one: the copy bound measured now, in elements per second) and, with `scaling`, one
    /// run of `body(1)`: the median time; the probe's rates at the median of the compute bounds (`bound` maps rates
    /// to the compute bound, nil for none); the median of the copy bounds; the median over the runs of the kernel's
    /// rate (`count` elements) over its ceiling from that run's own probe and copy; and the median of the paired
    /// speed-ups (one-thread time over `threads` time). The pairing keeps fractions and speed-ups meaningful when the
    /// clock speed or the memory bandwidth drifts (on a shared machine one core's copy rate moved by 20 % within an
    /// hour).
    static func pairedTimes(
        _ repetitions: Int, clock: BenchClock, threads: Int, scaling: Bool, count: Int,
        copyBound: (() -> Double)?, probe: inout BenchTranscendentalProbe?, bound: (BenchTranscendentals) -> Double?,
        _ body: (Int) -> Void
    ) -> BenchTiming {
        var times: [Double] = [], probes: [(bound: Double, rates: BenchTranscendentals)] = [], fractions: [Double] = []
        var speedups: [Double] = [], copies: [Double] = []
        func timeOf(_ threadCount: Int) -> Double {
            let start = clock.now
            body(threadCount)
            return Double(max(1, clock.now &- start)) * 1e-9
        }
        for _ in 0..<repetitions {
            let time = timeOf(threads)
            times.append(time)
            let copy = copyBound?()
            if let copy { copies.append(copy) }
            if let rates = probe?.rates(clock: clock), let compute = bound(rates) {
                probes.append((compute, rates))
                fractions.append(Double(count) / time / min(copy ?? .infinity, compute))
            }
            if scaling { speedups.append(timeOf(1) / time) }
        }
        func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        probes.sort { $0.bound < $1.bound }
        return BenchTiming(
            time: median(times)!, rates: probes.isEmpty ? nil : probes[probes.count / 2].rates,
            copyBound: median(copies), fraction: median(fractions), speedup: median(speedups))
    }

    /// The copy rates of this machine, bytes copied per second: `memcpy`'s and the streaming copy's
    /// (`Kernels.streamingCopyProbe`: vector loads, non-temporal stores), each the median of a number of copies of
    /// a probe's bytes (see ``CopyProbe``).
    struct CopyRates {
        var memcpy: Double
        var streaming: Double
        /// The copy bound's rate: the faster of the two (the kernels write with streaming stores beyond the caches).
        var best: Double { max(memcpy, streaming) }
    }

    /// Two touched buffers of `bytes` (whole 64-byte lines) and copies between them split across `threads` threads
    /// as the kernels split their rows. Owns its memory: ``deallocate()`` when done.
    struct CopyProbe {
        let count: Int
        let threads: Int
        private let source: UnsafeMutablePointer<Float>
        private let target: UnsafeMutablePointer<Float>

        init(bytes: Int, threads: Int) {
            count = bytes / 4 - bytes / 4 % 16
            self.threads = threads
            source = UnsafeMutablePointer<Float>.allocate(capacity: count)
            target = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
            source.initialize(repeating: 1, count: count)
            target.initialize(repeating: 2, count: count)
        }

        func deallocate() {
            source.deallocate()
            target.deallocate()
        }

        /// The seconds of one copy of the whole buffer, by `memcpy` or by the streaming copy.
        func time(streaming: Bool, clock: BenchClock) -> Double {
            let from = UncheckedSendable(UnsafePointer(source)), to = UncheckedSendable(target)
            let start = clock.now
            // Parts of whole 64-byte lines, so that every part's target stays aligned.
            forEachRange(count: count, threads: threads, granularity: 16) { range in
                if streaming {
                    Kernels.streamingCopyProbe(
                        from: from.value + range.lowerBound, to: to.value + range.lowerBound, count: range.count)
                } else {
                    memcpy(to.value + range.lowerBound, from.value + range.lowerBound, range.count * 4)
                }
            }
            return Double(max(1, clock.now &- start)) * 1e-9
        }

        /// Bytes copied per second by one copy.
        func rate(streaming: Bool, clock: BenchClock) -> Double {
            Double(count * 4) / time(streaming: streaming, clock: clock)
        }

        /// Both methods' rates, each from the median of `repetitions` copies.
        func rates(repetitions: Int, clock: BenchClock) -> CopyRates {
            func median(_ streaming: Bool) -> Double {
                let times = (0..<repetitions).map { _ in time(streaming: streaming, clock: clock) }.sorted()
                return times[times.count / 2]
            }
            return CopyRates(memcpy: Double(count * 4) / median(false), streaming: Double(count * 4) / median(true))
        }
    }

    /// `copyNow`: one copy timed now, bytes copied per second.
    private func measure<Scalar: KernelScalar>(
        _: Scalar.Type, _ dtype: BenchDtype, _ shape: BenchShape, _ copyNow: @escaping () -> Double
    ) -> [BenchResult] {
        let rows = shape.rows, classes = shape.classes, count = shape.elements
        let threads = plan.threads
        let x = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
        let aux = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
        let out = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
        let labels = UnsafeMutablePointer<Int>.allocate(capacity: rows)
        let losses = UnsafeMutablePointer<Scalar>.allocate(capacity: rows)
        let information = UnsafeMutablePointer<Double>.allocate(capacity: rows)
        defer {
            x.deallocate(); aux.deallocate(); out.deallocate(); labels.deallocate(); losses.deallocate()
            information.deallocate()
        }
        BenchData.fillLogits(x, count: count, seed: 1)
        BenchData.fillLabels(labels, rows: rows, classes: classes, seed: 2)
        out.initialize(repeating: 0, count: count)
        aux.initialize(repeating: 0, count: count)
        var results: [BenchResult] = []
        var probe = Optional(BenchTranscendentalProbe(dtype))
        /// Times `run` (its argument: the thread count) with the compute probe next to every repetition and, with
        /// --scaling, a one-thread run after each (see `pairedTimes`); then records the row, with the checksum of a
        /// last run on the plan's threads and whether the one-thread run gave the same.
        func measureKernel(_ kernel: BenchKernel, _ run: (Int) -> Void, checksum: () -> Double) {
            let bytesPerElement = Double(kernel.trafficPerElement * dtype.size)
            // The probe runs on one thread; the kernel's threads each have their own exp units. The copy runs on
            // the kernel's threads.
            let timing = BenchRunner.pairedTimes(
                plan.repetitions, clock: plan.clock, threads: threads, scaling: plan.scaling, count: count,
                copyBound: { 2 * copyNow() / bytesPerElement }, probe: &probe,
                bound: { kernel.computeBound($0).map { $0 * Double(threads) } }, run)
            // (Every repetition times a copy and there is at least one, so the fallback is never taken.)
            let copyBound = timing.copyBound ?? 2 * copyNow() / bytesPerElement
            let oneThreadChecksum = plan.scaling ? checksum() : nil
            if plan.scaling { run(threads) }
            let sum = checksum()
            let rate = Double(count) / timing.time
            results.append(BenchResult(
                kernel: kernel, dtype: dtype, shape: shape, threads: threads, elementsPerSecond: rate,
                fractionOfBound: rate / copyBound, checksum: sum, copyBound: copyBound,
                computeBound: timing.rates.flatMap { kernel.computeBound($0) }.map { $0 * Double(threads) },
                pairedFractionOfCeiling: timing.fraction, probeRates: timing.rates,
                speedupOverOneThread: timing.speedup, oneThreadSameChecksum: oneThreadChecksum.map { $0 == sum }))
        }
        for kernel in plan.kernels where !kernel.takesDepth {
            switch kernel {
            case .softmaxCEForward:
                measureKernel(kernel, { t in
                    Kernels.softmaxCrossEntropy(
                        logits: x, rows: rows, classes: classes, labels: labels, rowLosses: losses, gradient: nil,
                        threads: t)
                }, checksum: { BenchData.sum(losses, count: rows) })
            case .softmaxCEForwardBackward:
                let scale = 1 / Scalar(rows)
                measureKernel(kernel, { t in
                    Kernels.softmaxCrossEntropy(
                        logits: x, rows: rows, classes: classes, labels: labels, rowLosses: losses, gradient: out,
                        gradientScale: scale, threads: t)
                }, checksum: { BenchData.sum(losses, count: rows) + BenchData.weightedSum(out, count: count) })
            case .bceLogitsForwardBackward:
                BenchData.fillBinaryTargets(aux, count: count, seed: 3)
                var total = 0.0
                let scale = 1 / Scalar(count)
                measureKernel(kernel, { t in
                    total = Kernels.binaryCrossEntropyWithLogits(
                        logits: x, targets: aux, rows: rows, classes: classes, gradient: out, gradientScale: scale,
                        threads: t)
                }, checksum: { total + BenchData.weightedSum(out, count: count) })
            case .entropyRows:
                Kernels.softmaxRows(x, into: aux, rows: rows, classes: classes, threads: threads)
                measureKernel(kernel, { t in
                    Kernels.entropyRows(aux, rows: rows, classes: classes, into: information, threads: t)
                }, checksum: { BenchData.sum(information, count: rows) })
            case .linearCrossEntropyForwardBackward:
                break
            }
        }
        return results
    }

    /// The fused linear + cross-entropy (PyTorch's `cross_entropy(linear(h, W), y)`, mean, no bias) with the
    /// gradients of h and W, on an `NxDxV` shape: h uniform in [-1, 1), W in [-1, 1)/√D.
    private func measureLinear<Scalar: LinearCrossEntropyScalar>(
        _: Scalar.Type, _ dtype: BenchDtype, _ shape: BenchShape, _ bandwidth: Double
    ) -> [BenchResult] {
        guard let depth = shape.depth, plan.kernels.contains(.linearCrossEntropyForwardBackward) else { return [] }
        let n = shape.rows, v = shape.classes, d = depth
        let hidden = UnsafeMutablePointer<Scalar>.allocate(capacity: n * d)
        let weights = UnsafeMutablePointer<Scalar>.allocate(capacity: v * d)
        let hiddenGradient = UnsafeMutablePointer<Scalar>.allocate(capacity: n * d)
        let weightsGradient = UnsafeMutablePointer<Scalar>.allocate(capacity: v * d)
        let labels = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer {
            hidden.deallocate(); weights.deallocate(); hiddenGradient.deallocate(); weightsGradient.deallocate()
            labels.deallocate()
        }
        BenchData.fillLogits(hidden, count: n * d, seed: 1)
        BenchData.fillLogits(weights, count: v * d, seed: 2)
        let weightScale = 1 / (8 * Scalar(d).squareRoot())
        for i in 0..<(n * d) { hidden[i] /= 8 }
        for i in 0..<(v * d) { weights[i] *= weightScale }
        BenchData.fillLabels(labels, rows: n, classes: v, seed: 3)
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
        var value: Scalar = 0
        let threads = plan.threads
        func run(_ threadCount: Int) {
            value = loss.linearCrossEntropyUnchecked(
                hidden: hidden, weights: weights, bias: nil, labels: labels, tokens: n, dimension: d, vocabulary: v,
                hiddenGradient: hiddenGradient, weightsGradient: weightsGradient, threads: threadCount).value
        }
        func checksumNow() -> Double {
            Double(value) + BenchData.weightedSum(hiddenGradient, count: n * d)
                + BenchData.weightedSum(weightsGradient, count: v * d)
        }
        // No compute probe: the products, not a transcendental function, bound this kernel.
        var noProbe: BenchTranscendentalProbe? = nil
        let timing = BenchRunner.pairedTimes(
            plan.repetitions, clock: plan.clock, threads: threads, scaling: plan.scaling, count: n * v, copyBound: nil,
            probe: &noProbe, bound: { _ in nil }, run)
        let time = timing.time
        let oneThreadChecksum = plan.scaling ? checksumNow() : nil
        if plan.scaling { run(threads) }
        let checksum = checksumNow()
        let kernel = BenchKernel.linearCrossEntropyForwardBackward
        let traffic = Double(kernel.trafficPerElement * dtype.size) * Double(n * d + v * d)
        return [BenchResult(
            kernel: kernel, dtype: dtype, shape: shape, threads: threads, elementsPerSecond: Double(n * v) / time,
            fractionOfBound: traffic / time / (2 * bandwidth), checksum: checksum,
            flopsPerSecond: 6 * Double(n) * Double(d) * Double(v) / time,
            copyBound: Double(n * v) * 2 * bandwidth / traffic,
            speedupOverOneThread: timing.speedup,
            oneThreadSameChecksum: oneThreadChecksum.map { $0 == checksum })]
    }
}
