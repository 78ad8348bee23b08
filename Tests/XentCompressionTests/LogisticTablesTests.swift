import Foundation
import Testing
@testable import XentCompression

@Suite struct LogisticTablesTests {
    @Test func squashIsTheLogisticFunction() {
        let tables = LogisticTables(memory: ModelMemory())
        #expect(tables.squash(0) == 2047 || tables.squash(0) == 2048)
        var previous = 0
        for x in -2047...2047 {
            let p = tables.squash(x)
            #expect(p >= previous)
            previous = p
            let exact = 4096 / (1 + exp(-Double(x) / 256))
            #expect(abs(Double(p) - exact) < 20, "x \(x)")
        }
    }

    @Test func stretchInvertsSquash() {
        let tables = LogisticTables(memory: ModelMemory())
        for p in stride(from: 1, to: 4096, by: 7) {
            let x = tables.stretch(p)
            #expect(tables.squash(x) >= p || x == 2047)
            #expect(x == -2047 || tables.squash(x - 1) < p)
        }
    }
}
