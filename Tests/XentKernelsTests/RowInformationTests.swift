import Foundation
import Testing
import XentKernels

@Suite("Entropy, cross-entropy and KL divergence of rows")
struct RowInformationTests {
    @Test("rows match the definition, with 0 log 0 = 0 and infinite divergence for q = 0", arguments: [4, 16, 24, 64, 300])
    func definition(classes: Int) throws {
        let rows = 6
        var rng = SplitMix(seed: UInt64(classes))
        var p = (0..<rows * classes).map { _ in rng.uniform(0, 1) }
        var q = (0..<rows * classes).map { _ in rng.uniform(0, 1) }
        p[1] = 0
        q[1] = 0 // 0 log 0 in both
        q[classes + 2] = 0 // row 1: p > 0, q = 0
        let pm = Matrix(rows: rows, columns: classes, elements: p), qm = Matrix(rows: rows, columns: classes, elements: q)
        let h = try Kernels.entropyRows(pm)
        let ce = try Kernels.crossEntropyRows(of: pm, under: qm)
        let kl = try Kernels.klDivergenceRows(of: pm, under: qm)
        let hf = try Kernels.entropyRows(Matrix(rows: rows, columns: classes, elements: p.map { Float($0) }))
        for r in 0..<rows {
            var eh = 0.0, ece = 0.0, ekl = 0.0
            for j in 0..<classes {
                let a = p[r * classes + j], b = q[r * classes + j]
                guard a > 0 else { continue }
                eh -= a * Foundation.log(a)
                ece -= a * Foundation.log(b)
                ekl += a * Foundation.log(a / b)
            }
            #expect(abs(h[r] - eh) <= 1e-13 * max(1, abs(eh)))
            #expect(abs(hf[r] - eh) <= 1e-6 * max(1, abs(eh)))
            if r == 1 {
                #expect(ce[r] == .infinity)
                #expect(kl[r] == .infinity)
            } else {
                #expect(abs(ce[r] - ece) <= 1e-13 * max(1, abs(ece)))
                #expect(abs(kl[r] - ekl) <= 1e-12 * max(1, abs(ekl)))
            }
        }
    }

    /// Float rows of 17 to 64 classes run one row per SIMD lane, sixteen rows to a block, each row's terms summed
    /// four at a time in float, then in double: 37 rows, so two whole blocks and a partial one, against the
    /// definition in Double.
    @Test("float rows of 17 to 64 classes, in whole blocks of lanes, match the definition", arguments: [17, 24, 40, 64])
    func floatLaneRows(classes: Int) throws {
        let rows = 37
        var rng = SplitMix(seed: UInt64(classes) &+ 1000)
        var p = (0..<rows * classes).map { _ in Float(rng.uniform(0, 1)) }
        var q = (0..<rows * classes).map { _ in Float(rng.uniform(0.001, 1)) }
        p[3] = 0 // a 0 log 0 term in row 0
        q[3] = 0 // (in the cross-entropy and divergence too)
        q[20 * classes + 5] = 0 // row 20: p > 0 where q = 0, infinite cross-entropy and divergence
        let pm = Matrix(rows: rows, columns: classes, elements: p), qm = Matrix(rows: rows, columns: classes, elements: q)
        let h = try Kernels.entropyRows(pm)
        let ce = try Kernels.crossEntropyRows(of: pm, under: qm)
        let kl = try Kernels.klDivergenceRows(of: pm, under: qm)
        for r in 0..<rows {
            var eh = 0.0, ece = 0.0, ekl = 0.0
            for j in 0..<classes {
                let a = Double(p[r * classes + j]), b = Double(q[r * classes + j])
                guard a > 0 else { continue }
                eh -= a * Foundation.log(a)
                ece -= a * Foundation.log(b)
                ekl += a * Foundation.log(a / b)
            }
            // Each float term within a few ulp, and float sums of four terms; the divergence is a sum of
            // differences, so its error is measured against the size of its terms (the cross-entropy's).
            #expect(abs(h[r] - eh) <= 4e-6 * max(1, abs(eh)), "row \(r)")
            if r == 20 {
                #expect(ce[r] == .infinity && kl[r] == .infinity)
                continue
            }
            #expect(abs(ce[r] - ece) <= 4e-6 * max(1, abs(ece)), "row \(r)")
            #expect(abs(kl[r] - ekl) <= 4e-6 * max(1, abs(ece)), "row \(r)")
        }
    }

    /// The row kernels take p ln p − p ln q term by term (they never form 1 + (q − p)/p, which loses every digit
    /// for q ≪ p): a model probability far below the data's, down to the smallest subnormal, stays finite, on the
    /// small-row path (2 and 11 classes) and the blocked one (300), in Double and Float.
    @Test("tiny model probabilities give finite divergences", arguments: [2, 11, 300])
    func tinyModelProbabilities(classes: Int) throws {
        let tiny: [Double] = [1e-17, 4.1e-17, 4e-11, 1e-100, 1e-300, Double.leastNormalMagnitude / 1024,
                              Double.leastNonzeroMagnitude]
        var p = [Double](), q = [Double]()
        for t in tiny {
            p += (0..<classes).map { _ in 1 / Double(classes) }
            q += [t] + (1..<classes).map { _ in (1 - t) / Double(classes - 1) }
        }
        let rows = tiny.count
        let kl = try Kernels.klDivergenceRows(of: Matrix(rows: rows, columns: classes, elements: p),
                                              under: Matrix(rows: rows, columns: classes, elements: q))
        let ce = try Kernels.crossEntropyRows(of: Matrix(rows: rows, columns: classes, elements: p),
                                              under: Matrix(rows: rows, columns: classes, elements: q))
        for r in 0..<rows {
            var expected = 0.0, expectedCE = 0.0
            for j in 0..<classes {
                let a = p[r * classes + j], b = q[r * classes + j]
                expected += a * (Foundation.log(a) - Foundation.log(b))
                expectedCE -= a * Foundation.log(b)
            }
            #expect(kl[r].isFinite && ce[r].isFinite, "row \(r): \(kl[r]), \(ce[r])")
            #expect(abs(kl[r] - expected) <= 1e-13 * max(1, abs(expected)), "row \(r): \(kl[r]) vs \(expected)")
            #expect(abs(ce[r] - expectedCE) <= 1e-13 * max(1, abs(expectedCE)))
        }
        let floats = try Kernels.klDivergenceRows(
            of: Matrix(rows: rows, columns: classes, elements: p.map { Float($0) }),
            under: Matrix(rows: rows, columns: classes, elements: q.map { Float($0) }))
        for r in 0..<rows {
            // In Float the smaller ones round to 0: then (and only then) the divergence is +∞.
            #expect(floats[r].isFinite == (Float(tiny[r]) > 0), "Float row \(r): \(floats[r])")
        }
    }

    @Test("negative probabilities are rejected with their index")
    func validation() {
        #expect(throws: KernelError.invalidValue(argument: "p", index: 1, value: -0.5, expected: "a finite non-negative number")) {
            try Kernels.entropyRows(Matrix(rows: 1, columns: 2, elements: [1.5, -0.5]))
        }
    }
}
