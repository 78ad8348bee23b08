import Foundation
import Testing
import XentKernels

@Suite("Entropy, cross-entropy and KL divergence of rows")
struct RowInformationTests {
    @Test("rows match the definition, with 0 log 0 = 0 and infinite divergence for q = 0", arguments: [4, 16, 300])
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
        let kl = try Kernels.klDivergenceRows(from: pm, to: qm)
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

    @Test("negative probabilities are rejected with their index")
    func validation() {
        #expect(throws: KernelError.invalidValue(argument: "p", index: 1, value: -0.5, expected: "a finite non-negative number")) {
            try Kernels.entropyRows(Matrix(rows: 1, columns: 2, elements: [1.5, -0.5]))
        }
    }
}
