import Foundation
import Testing
import XentKernels

@Suite("Vector exp, log and sigmoid")
struct VectorMathTests {
    /// Float inputs over the whole range: a stride through all bit patterns plus the edges.
    static let floatInputs: [Float] = {
        var values: [Float] = [0, -0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                               -.greatestFiniteMagnitude, .infinity, -.infinity, 88.72283, 88.72284, 89, -87.33655,
                               -103.97208, -103.9721, -104, -110, 1e-30, 0.5, 2]
        var bits: UInt32 = 0
        while bits < 0xFF80_0000 {
            values.append(Float(bitPattern: bits))
            bits &+= 40_009
        }
        return values.filter { !$0.isNaN }
    }()

    @Test("float exp is within 2 ulp of the exact value everywhere, including subnormal results and overflow")
    func floatExp() {
        let got = Kernels.exp(Self.floatInputs)
        var worst = 0.0
        for (x, y) in zip(Self.floatInputs, got) {
            worst = max(worst, ulpDistance(y, Foundation.exp(Double(x))))
        }
        #expect(worst <= 2)
        #expect(Kernels.exp([Float.nan])[0].isNaN)
        #expect(Kernels.exp([Float(-104)])[0] == 0)
        #expect(Kernels.exp([Float(89)])[0] == .infinity)
        #expect(Kernels.exp([Float(-100)])[0] > 0) // subnormal, not flushed
    }

    @Test("float log is within 2 ulp for all positive floats; specials follow IEEE")
    func floatLog() {
        let inputs = Self.floatInputs.filter { $0 > 0 }
        let got = Kernels.log(inputs)
        var worst = 0.0
        for (x, y) in zip(inputs, got) {
            worst = max(worst, ulpDistance(y, Foundation.log(Double(x))))
        }
        #expect(worst <= 2)
        let specials = Kernels.log([Float(0), -0.0, .infinity, -1, .nan])
        #expect(specials[0] == -.infinity)
        #expect(specials[1] == -.infinity)
        #expect(specials[2] == .infinity)
        #expect(specials[3].isNaN)
        #expect(specials[4].isNaN)
    }

    @Test("double exp and log agree with libm to 2 ulp over the whole range")
    func doubleExpLog() {
        var rng = SplitMix(seed: 7)
        var inputs: [Double] = [0, 1, -1, 709.78, 709.79, -708.39, -745.13, -745.14, -740, 1e-300, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, .greatestFiniteMagnitude]
        for _ in 0..<20_000 { inputs.append(rng.uniform(-750, 712)) }
        for _ in 0..<20_000 { inputs.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)) }
        let e = Kernels.exp(inputs)
        var worstExp = 0.0
        for (x, y) in zip(inputs, e) {
            let want = Foundation.exp(x)
            if want.isInfinite { #expect(y == want); continue }
            let ulp = want == 0 ? Double.leastNonzeroMagnitude : want.ulp
            worstExp = max(worstExp, abs(y - want) / ulp)
        }
        #expect(worstExp <= 2)
        let positive = inputs.filter { $0 > 0 }
        let l = Kernels.log(positive)
        var worstLog = 0.0
        for (x, y) in zip(positive, l) {
            let want = Foundation.log(x)
            worstLog = max(worstLog, abs(y - want) / (want == 0 ? Double.leastNonzeroMagnitude : want.ulp))
        }
        #expect(worstLog <= 2)
        #expect(Kernels.log([0.0])[0] == -.infinity)
        #expect(Kernels.log([-2.0])[0].isNaN)
    }

    @Test("sigmoid keeps both tails: no overflow, tiny values for very negative input")
    func sigmoid() {
        let xs: [Double] = [-1000, -745, -50, -1, 0, 1, 50, 1000]
        let got = Kernels.sigmoid(xs)
        for (x, y) in zip(xs, got) {
            let want = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
            #expect(abs(y - want) <= 4 * max(want.ulp, Double.leastNonzeroMagnitude))
        }
        let f = Kernels.sigmoid([Float(-90), 0, 90])
        #expect(f[0] > 0 && f[0] < 1e-38)
        #expect(f[1] == 0.5)
        #expect(f[2] == 1)
    }
}

@Suite("Throughput probes")
struct ThroughputProbeTests {
    /// The probes sum what they claim (so a timed probe measures real exps and logs), over whole vectors only.
    @Test func probesSumTheirFunctions() {
        let x = (0..<100).map { -Float($0) * 0.37 }, p = (0..<100).map { Float($0 + 1) / 100 }
        let expected = 3 * x.prefix(96).reduce(0.0) { $0 + Foundation.exp(Double($1)) }
        let expectedLog = 3 * p.prefix(96).reduce(0.0) { $0 + Foundation.log(Double($1)) }
        let e = x.withUnsafeBufferPointer { Kernels.exponentialProbe($0.baseAddress!, count: 100, repetitions: 3) }
        let l = p.withUnsafeBufferPointer { Kernels.logarithmProbe($0.baseAddress!, count: 100, repetitions: 3) }
        #expect(abs(e - expected) <= 1e-6 * expected)
        #expect(abs(l - expectedLog) <= 1e-6 * abs(expectedLog))
        let xd = x.map(Double.init)
        let ed = xd.withUnsafeBufferPointer { Kernels.exponentialProbe($0.baseAddress!, count: 100, repetitions: 3) }
        #expect(abs(ed - 3 * xd.prefix(96).reduce(0.0) { $0 + Foundation.exp($1) }) <= 1e-12 * expected)
        #expect(x.withUnsafeBufferPointer { Kernels.exponentialProbe($0.baseAddress!, count: 15, repetitions: 3) } == 0)
    }

    /// The streaming copy copies its whole vectors (16 floats) and nothing after them, to an aligned target with
    /// streaming stores and to any other with memcpy.
    @Test func streamingCopyCopiesWholeVectors() {
        let source = (0..<1000).map { Float($0) * 0.5 - 7 }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 4 * 1024, alignment: 64)
        defer { raw.deallocate() }
        let target = raw.bindMemory(to: Float.self, capacity: 1024)
        for offset in [0, 1, 16] { // a line-aligned target, one 4 bytes off, one 64 bytes on
            target.initialize(repeating: -1, count: 1024)
            source.withUnsafeBufferPointer {
                Kernels.streamingCopyProbe(from: $0.baseAddress!, to: target + offset, count: 999)
            }
            #expect((0..<992).allSatisfy { target[offset + $0] == source[$0] }, "offset \(offset)")
            #expect((992..<1000).allSatisfy { target[offset + $0] == -1 }, "offset \(offset)")
            #expect((0..<offset).allSatisfy { target[$0] == -1 }, "offset \(offset)")
        }
    }
}
