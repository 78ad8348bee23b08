import Testing
import XentLosses

/// Every case of `Tests/Fixtures/losses.json`: values and gradients computed by torch (autograd) and by keras
/// on jax (jax.grad), in Float32 and Float64.
///
/// Tolerance: Float32 within 1e-6 relative, Float64 within 1e-12 relative, of the larger of the expected
/// number and a floor: for values, the magnitude of the inputs (a loss that is the difference of two
/// numbers of size |x| carries their rounding); for gradients, the largest entry of the expected gradient
/// (at least 1e-30: XLA flushes Float32 subnormals to zero).
@Suite struct PeerFixtureTests {
    @Test func fixturesAreLoaded() {
        #expect(LossFixture.all.count >= 150)
        let kinds = Set(LossFixture.all.map(\.kind))
        #expect(kinds == Set(LossKind.allCases))
    }

    @Test(arguments: LossKind.allCases)
    func matchesPeers(kind: LossKind) throws {
        let cases = LossFixture.all.filter { $0.kind == kind }
        #expect(!cases.isEmpty)
        for fixture in cases {
            let result: (values: [Double], shape: [Int], gradient: [Double])
            do {
                result = try fixture.evaluate()
            } catch {
                Issue.record("\(fixture.name): threw \(error)")
                continue
            }
            let rtol = fixture.float32 ? 1e-6 : 1e-12
            let inputScale = fixture.predictions.filter(\.isFinite).map(abs).max() ?? 1
            let valueFloor = max(1, inputScale)
            if let shape = fixture.valueShape {
                #expect(result.shape == shape, "\(fixture.name): value shape")
            }
            #expect(result.values.count == fixture.value.count, "\(fixture.name): value count")
            for (got, want) in zip(result.values, fixture.value) where !Self.close(got, want, rtol: rtol, floor: valueFloor) {
                Issue.record("\(fixture.name): value \(got) != \(want)")
                break
            }
            let gradientFloor = max(fixture.gradient.filter(\.isFinite).map(abs).max() ?? 0, 1e-30)
            #expect(result.gradient.count == fixture.gradient.count, "\(fixture.name): gradient count")
            for (index, (got, want)) in zip(result.gradient, fixture.gradient).enumerated()
            where !Self.close(got, want, rtol: rtol, floor: gradientFloor) {
                Issue.record("\(fixture.name): gradient[\(index)] \(got) != \(want)")
                break
            }
        }
    }

    static func close(_ a: Double, _ b: Double, rtol: Double, floor: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= rtol * max(abs(b), floor)
    }
}
