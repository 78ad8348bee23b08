import Foundation
import Testing
import XentKernels
import XentTensorIO
@testable import XentCommandLine

/// One case of `Tests/Fixtures/losses.json` (the losses library's peer fixtures, by torch and keras on jax), run
/// through the command line: its inputs are written as `.npy` files in the case's dtype and its options become
/// `xent loss` arguments.
struct LossPeerCase: Decodable, Sendable, CustomStringConvertible {
    /// A JSON number, or a non-finite number written as a string.
    struct Number: Decodable, Sendable {
        var value: Double
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let x = try? container.decode(Double.self) { value = x } else {
                value = Double(try container.decode(String.self)) ?? .nan
            }
        }
    }

    /// A number or a list of numbers (`value`, `alpha`).
    enum Numbers: Decodable, Sendable {
        case one(Double)
        case many([Double])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Number].self) { self = .many(list.map(\.value)) } else {
                self = .one(try container.decode(Number.self).value)
            }
        }
        var list: [Double] {
            switch self {
            case .one(let x): return [x]
            case .many(let xs): return xs
            }
        }
    }

    struct Options: Decodable, Sendable {
        var convention: String
        var from_logits: Bool
        var label_smoothing: Double
        var class_weights: [Double]?
        var ignore_index: Int?
        var pos_weight: [Double]?
        var gamma: Double
        var alpha: Numbers
        var apply_class_balancing: Bool
        var log_target: Bool
        var reduction: String
        var class_axis: Int
        var z_loss: Double
        var dtype: String
    }

    var name: String
    var kind: String
    var options: Options
    var shape: [Int]
    var predictions: [Number]
    var targets: [Number]?
    var labels: [Int]?
    var labels_shape: [Int]?
    var sample_weights: [Number]?
    var value: Numbers
    var value_shape: [Int]?
    var gradient: [Number]

    var description: String { name }

    static func text(_ x: Double) -> String { "\(x)" }

    /// Writes the inputs into `directory` and returns the `xent loss` arguments.
    func arguments(in directory: URL) throws -> [String] {
        let float32 = options.dtype == "float32"
        func write(_ values: [Double], shape: [Int], _ file: String) throws -> String {
            let path = directory.appendingPathComponent(file).path
            let tensor: AnyTensor = float32
                ? .float32(Tensor(shape: shape, elements: values.map { Float($0) }))
                : .float64(Tensor(shape: shape, elements: values))
            try NumPyFile.write(tensor, to: path)
            return path
        }
        var args = [kind, "--predictions", try write(predictions.map(\.value), shape: shape, "p.npy")]
        if let labels {
            let path = directory.appendingPathComponent("y.npy").path
            try NumPyFile.write(Tensor(shape: labels_shape ?? [labels.count], elements: labels.map { Int64($0) }), to: path)
            args += ["--targets", path]
        } else if let targets {
            args += ["--targets", try write(targets.map(\.value), shape: shape, "t.npy")]
        }
        if let sample_weights {
            args += ["--sample-weights", try write(sample_weights.map(\.value), shape: [sample_weights.count], "w.npy")]
        }
        let o = options
        args += ["--convention", o.convention, "--reduction", o.reduction, "--with-gradient"]
        if o.from_logits { args.append("--from-logits") }
        if o.label_smoothing != 0 { args += ["--label-smoothing", Self.text(o.label_smoothing)] }
        if let cw = o.class_weights { args += ["--class-weights", cw.map(Self.text).joined(separator: ",")] }
        if let ignore = o.ignore_index { args += ["--ignore-index", String(ignore)] }
        if let pw = o.pos_weight { args += ["--pos-weight", pw.map(Self.text).joined(separator: ",")] }
        if kind.hasSuffix("focal") {
            args += ["--gamma", Self.text(o.gamma)]
            switch o.alpha {
            case .one(let a): args += ["--alpha", Self.text(a)]
            case .many(let list): args += ["--alpha", list.map(Self.text).joined(separator: ",")]
            }
        }
        if o.apply_class_balancing { args.append("--apply-class-balancing") }
        if o.log_target { args.append("--log-target") }
        if o.class_axis == 1 { args += ["--class-axis", "1"] }
        if o.z_loss != 0 { args += ["--z-loss", Self.text(o.z_loss)] }
        return args
    }
}

enum LossPeerCases {
    private struct File: Decodable { var cases: [LossPeerCase] }

    static let all: [LossPeerCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/losses.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()
}

/// The library's peer fixtures through `xent loss`: every option reaches the library under its CLI name, `.npy`
/// inputs keep their dtype, and the printed numbers are the peers'. Tolerance as in the library's own test: 1e-6
/// (float32) or 1e-12 (float64) relative to the larger of the expected number and a floor (the inputs' magnitude
/// for values, the largest expected entry for gradients).
@Suite struct LossCommandPeerFixtureTests {
    @Test func fixturesAreLoaded() {
        #expect(LossPeerCases.all.count >= 150)
    }

    static func close(_ a: Double, _ b: Double, rtol: Double, floor: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= rtol * max(abs(b), floor)
    }

    @Test(arguments: ["categorical", "sparse-categorical", "binary", "kl", "categorical-focal", "binary-focal"])
    func matchesThePeersThroughTheCommandLine(kind: String) throws {
        let cases = LossPeerCases.all.filter { $0.kind == kind }
        #expect(!cases.isEmpty)
        let directory = URL(fileURLWithPath: ScratchSpace.freshPath("xent-loss-peers"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for fixture in cases {
            let arguments = try fixture.arguments(in: directory)
            let report: LossReport
            do {
                report = try LossCommand.parse(arguments).evaluate()
            } catch {
                Issue.record("\(fixture.name): \(error)")
                continue
            }
            let rtol = fixture.options.dtype == "float32" ? 1e-6 : 1e-12
            #expect(report.dtype.rawValue == fixture.options.dtype, "\(fixture.name): dtype")
            let expected = fixture.value.list
            #expect(report.values.count == expected.count, "\(fixture.name): value count")
            if let shape = fixture.value_shape { #expect(report.valueShape == shape, "\(fixture.name): value shape") }
            let valueFloor = max(1, fixture.predictions.map(\.value).filter(\.isFinite).map(abs).max() ?? 1)
            for (got, want) in zip(report.values, expected) where !Self.close(got, want, rtol: rtol, floor: valueFloor) {
                Issue.record("\(fixture.name): value \(got) != \(want)")
                break
            }
            let gradient = report.gradient.map(LossReport.doubles) ?? []
            let expectedGradient = fixture.gradient.map(\.value)
            #expect(report.gradient?.shape == fixture.shape, "\(fixture.name): gradient shape")
            let gradientFloor = max(expectedGradient.filter(\.isFinite).map(abs).max() ?? 0, 1e-30)
            for (index, (got, want)) in zip(gradient, expectedGradient).enumerated()
            where !Self.close(got, want, rtol: rtol, floor: gradientFloor) {
                Issue.record("\(fixture.name): gradient[\(index)] \(got) != \(want)")
                break
            }
        }
    }
}
