import Foundation
import Testing
import XentTensorIO
@testable import XentCommandLine

/// One case of `Tests/Fixtures/loss-cli.json` (written by `Scripts/fixtures/loss_cli.py` with keras on jax and torch).
struct LossCLIFixture: Decodable, Sendable, CustomStringConvertible {
    /// A number, a non-finite string ("nan", "inf", "-inf") or a nested array.
    indirect enum Value: Decodable, Sendable {
        case number(Double)
        case array([Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let x = try? container.decode(Double.self) {
                self = .number(x)
            } else if let s = try? container.decode(String.self) {
                self = .number(Double(s) ?? .nan)
            } else {
                self = .array(try container.decode([Value].self))
            }
        }

        var flattened: [Double] {
            switch self {
            case .number(let x): return [x]
            case .array(let items): return items.flatMap(\.flattened)
            }
        }

        var shape: [Int] {
            switch self {
            case .number: return []
            case .array(let items): return [items.count] + (items.first?.shape ?? [])
            }
        }
    }

    var name: String
    var args: [String]
    var value: Value
    var gradient: [Value]
    var gradient_shape: [Int]
    var dtype: String
    var warning: Bool

    var description: String { name }

    /// The arguments with fixture paths made absolute.
    var arguments: [String] {
        args.map { $0.hasPrefix("loss-cli/") ? LossCLIFixtures.directory.appendingPathComponent($0).path : $0 }
    }
}

enum LossCLIFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    private struct File: Decodable { var cases: [LossCLIFixture] }

    static let cases: [LossCLIFixture] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("loss-cli.json")),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()
}

/// Whether `actual` matches the peer's `expected` within the tolerance: float32 1e-6 relative (or 4 ulp),
/// float64 1e-12 relative, with an absolute floor scaled to the largest expected magnitude (values that cancel to
/// nearly zero carry the rounding error of the terms they came from). NaN matches NaN, infinities match exactly.
func matchesPeer(_ actual: [Double], _ expected: [Double], dtype: String) -> Bool {
    guard actual.count == expected.count else { return false }
    let relative = dtype == "float32" ? 1e-6 : 1e-12
    let scale = expected.filter(\.isFinite).map(abs).max() ?? 0
    for (a, e) in zip(actual, expected) {
        if e.isNaN { if !a.isNaN { return false } else { continue } }
        if e.isInfinite { if a != e { return false } else { continue } }
        let ulps = dtype == "float32" ? 4 * Double(Float(e).ulp) : 4 * e.ulp
        let tolerance = max(relative * abs(e), ulps, relative * 1e-2 * scale)
        if !(abs(a - e) <= tolerance) { return false }
    }
    return true
}

@Suite struct LossCommandFixtureTests {
    @Test func fixturesAreLoaded() {
        #expect(LossCLIFixtures.cases.count >= 50)
    }

    @Test(arguments: LossCLIFixtures.cases)
    func matchesThePeers(_ fixture: LossCLIFixture) throws {
        try check(fixture)
    }

    func check(_ fixture: LossCLIFixture) throws {
        let command = try LossCommand.parse(fixture.arguments)
        let report = try command.evaluate()
        #expect(report.valueShape == fixture.value.shape, "value shape")
        #expect(matchesPeer(report.values, fixture.value.flattened, dtype: fixture.dtype),
                "value \(report.values) expected \(fixture.value.flattened)")
        #expect(report.dtype.rawValue == fixture.dtype)
        let gradient = try #require(report.gradient)
        #expect(gradient.shape == fixture.gradient_shape)
        let expectedGradient = fixture.gradient.flatMap(\.flattened)
        #expect(matchesPeer(LossReport.doubles(gradient), expectedGradient, dtype: fixture.dtype),
                "gradient \(LossReport.doubles(gradient)) expected \(expectedGradient)")
        if fixture.warning { #expect(!report.warnings.isEmpty) }
        // The JSON holds exactly the reported numbers.
        let json = report.json.text
        #expect(json.hasPrefix("{\"value\":") && json.contains("\"unit\":\"nats\""))
    }
}
