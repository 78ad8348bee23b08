import Foundation
import Testing
import XentKernels

@Suite("Softmax and log-softmax rows")
struct SoftmaxRowsTests {
    /// 21 rows: one whole block of 16 lanes and a partial one on the lanes paths (float: up to 64 classes).
    @Test("softmax and log-softmax match the definition for small and large rows",
          arguments: [1, 2, 7, 16, 17, 33, 64, 65, 515])
    func rows(classes: Int) throws {
        let rows = 21
        var rng = SplitMix(seed: UInt64(classes))
        let x = (0..<rows * classes).map { _ in rng.uniform(-30, 30) }
        let soft = try Kernels.softmaxRows(Matrix(rows: rows, columns: classes, elements: x))
        let logSoft = try Kernels.logSoftmaxRows(Matrix(rows: rows, columns: classes, elements: x.map { Float($0) }))
        for r in 0..<rows {
            let row = Array(x[r * classes..<(r + 1) * classes])
            let m = row.max() ?? 0
            let lse = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
            for j in 0..<classes {
                let want = Foundation.exp(row[j] - lse)
                #expect(abs(soft[r, j] - want) <= 2e-14 * want + 1e-300) // the reference itself carries |x - lse| ulp
                #expect(abs(Double(logSoft[r, j]) - (row[j] - lse)) <= 4e-6 * max(1, abs(row[j] - lse)))
            }
        }
    }
}
