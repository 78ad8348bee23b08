import Benchmark
import XentKernels

/// The kernels of `xent bench`, float32, one thread, on the shapes. Throughput is reported per element
/// (scaledIterations = elements).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 20
    )
    let shapes = [(1_000_000, 10), (65_536, 1000), (4096, 32_000), (512, 128_000)]
    for (rows, classes) in shapes {
        let count = rows * classes
        let suffix = "float32 \(rows)x\(classes)"
        Benchmark("softmax-ce-forward-backward \(suffix)") { (benchmark: Benchmark, buffers: KernelBuffers) in
            for _ in benchmark.scaledIterations {
                Kernels.softmaxCrossEntropy(
                    logits: buffers.x, rows: rows, classes: classes, labels: buffers.labels,
                    rowLosses: buffers.losses, gradient: buffers.out, gradientScale: 1 / Float(rows))
            }
            blackHole(buffers.losses[0])
        } setup: {
            KernelBuffers(rows: rows, classes: classes)
        }
        Benchmark("softmax-ce-forward \(suffix)") { (benchmark: Benchmark, buffers: KernelBuffers) in
            for _ in benchmark.scaledIterations {
                Kernels.softmaxCrossEntropy(
                    logits: buffers.x, rows: rows, classes: classes, labels: buffers.labels,
                    rowLosses: buffers.losses, gradient: nil)
            }
            blackHole(buffers.losses[0])
        } setup: {
            KernelBuffers(rows: rows, classes: classes)
        }
        Benchmark("bce-logits-forward-backward \(suffix)") { (benchmark: Benchmark, buffers: KernelBuffers) in
            for _ in benchmark.scaledIterations {
                blackHole(Kernels.binaryCrossEntropyWithLogits(
                    logits: buffers.x, targets: buffers.aux, rows: rows, classes: classes, gradient: buffers.out,
                    gradientScale: 1 / Float(count)))
            }
        } setup: {
            KernelBuffers(rows: rows, classes: classes)
        }
        Benchmark("entropy-rows \(suffix)") { (benchmark: Benchmark, buffers: KernelBuffers) in
            for _ in benchmark.scaledIterations {
                Kernels.entropyRows(buffers.aux, rows: rows, classes: classes, into: buffers.information)
            }
            blackHole(buffers.information[0])
        } setup: {
            let buffers = KernelBuffers(rows: rows, classes: classes)
            Kernels.softmaxRows(buffers.x, into: buffers.aux, rows: rows, classes: classes)
            return buffers
        }
    }
}

/// Inputs and outputs of one shape, allocated once per benchmark and freed with it.
final class KernelBuffers: @unchecked Sendable {
    let x, aux, out, losses: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Int>
    let information: UnsafeMutablePointer<Double>

    init(rows: Int, classes: Int) {
        let count = rows * classes
        x = .allocate(capacity: count)
        aux = .allocate(capacity: count)
        out = .allocate(capacity: count)
        losses = .allocate(capacity: rows)
        labels = .allocate(capacity: rows)
        information = .allocate(capacity: rows)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            x[i] = Float(Int(state >> 40)) * (16.0 / 16_777_216.0) - 8
            aux[i] = Float(state & 1)
        }
        out.initialize(repeating: 0, count: count)
        for r in 0..<rows { labels[r] = (r &* 7919) % classes }
    }

    deinit {
        x.deallocate(); aux.deallocate(); out.deallocate(); losses.deallocate(); labels.deallocate()
        information.deallocate()
    }
}
