import Foundation
import XentKernels
import XentLosses

/// One case of `Tests/Fixtures/losses.json` (written by `Scripts/fixtures/losses.py` with torch and keras).
struct LossFixture: Sendable, CustomStringConvertible {
    let name: String
    let kind: LossKind
    let peer: String
    let loss: Loss
    let float32: Bool
    let shape: [Int]
    let predictions: [Double]
    let targets: [Double]?
    let labels: [Int]?
    let labelsShape: [Int]?
    let sampleWeights: [Double]?
    let value: [Double]
    let valueShape: [Int]?
    let gradient: [Double]

    var description: String { name }

    static let all: [LossFixture] = load()

    private static func load() -> [LossFixture] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/losses.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap(parse)
    }

    static func number(_ any: Any?) -> Double? {
        switch any {
        case let n as NSNumber: return n.doubleValue
        case let s as String:
            switch s {
            case "inf": return .infinity
            case "-inf": return -.infinity
            case "nan": return .nan
            default: return nil
            }
        default: return nil
        }
    }

    static func numbers(_ any: Any?) -> [Double]? {
        guard let list = any as? [Any] else { return nil }
        return list.compactMap(number)
    }

    private static func parse(_ c: [String: Any]) -> LossFixture? {
        guard let name = c["name"] as? String, let kindName = c["kind"] as? String,
              let kind = LossKind(rawValue: kindName), let o = c["options"] as? [String: Any],
              let conventionName = o["convention"] as? String,
              let convention = LossConvention(rawValue: conventionName),
              let reductionName = o["reduction"] as? String,
              let reduction = LossReduction(rawValue: reductionName),
              let shape = c["shape"] as? [Int], let predictions = numbers(c["predictions"]),
              let gradient = numbers(c["gradient"])
        else { return nil }
        let alpha: FocalAlpha
        if let list = numbers(o["alpha"]) { alpha = .perClass(list) } else { alpha = .uniform(number(o["alpha"]) ?? 0.25) }
        let loss = Loss(
            kind: kind, convention: convention, fromLogits: o["from_logits"] as? Bool ?? false,
            labelSmoothing: number(o["label_smoothing"]) ?? 0, classWeights: numbers(o["class_weights"]),
            ignoreIndex: o["ignore_index"] as? Int, posWeight: numbers(o["pos_weight"]),
            gamma: number(o["gamma"]) ?? 2, alpha: alpha,
            applyClassBalancing: o["apply_class_balancing"] as? Bool ?? false,
            logTarget: o["log_target"] as? Bool ?? false, reduction: reduction,
            classAxis: ClassAxis(commandLineValue: o["class_axis"] as? Int ?? -1) ?? .last,
            zLoss: number(o["z_loss"]) ?? 0)
        let value = numbers(c["value"]) ?? number(c["value"]).map { [$0] } ?? []
        return LossFixture(
            name: name, kind: kind, peer: c["peer"] as? String ?? "", loss: loss,
            float32: (o["dtype"] as? String) == "float32", shape: shape, predictions: predictions,
            targets: numbers(c["targets"]), labels: c["labels"] as? [Int], labelsShape: c["labels_shape"] as? [Int],
            sampleWeights: numbers(c["sample_weights"]), value: value, valueShape: c["value_shape"] as? [Int],
            gradient: gradient)
    }

    /// The shape of one value per row (the predictions' without the class axis).
    var rowShape: [Int] {
        if shape.count <= 1 { return [] }
        var rest = shape
        rest.remove(at: loss.classAxis == .last ? shape.count - 1 : 1)
        return rest
    }

    /// Runs the case through the checked API in its scalar type; values and gradient as Double.
    func evaluate() throws(LossError) -> (values: [Double], shape: [Int], gradient: [Double]) {
        if float32 {
            let r = try run(Float.self)
            return (r.values.elements.map(Double.init), r.values.shape, r.gradient?.elements.map(Double.init) ?? [])
        }
        let r = try run(Double.self)
        return (r.values.elements, r.values.shape, r.gradient?.elements ?? [])
    }

    private func run<Scalar: LossScalar>(_: Scalar.Type) throws(LossError) -> LossResult<Scalar> {
        let p = Tensor(shape: shape, elements: predictions.map { Scalar($0) })
        let weights = sampleWeights.map { Tensor(shape: rowShape, elements: $0.map { Scalar($0) }) }
        if let labels {
            return try loss.evaluate(predictions: p, labels: Tensor(shape: labelsShape ?? [labels.count], elements: labels),
                                     sampleWeights: weights, withGradient: true)
        }
        let t = Tensor(shape: shape, elements: (targets ?? []).map { Scalar($0) })
        return try loss.evaluate(predictions: p, targets: t, sampleWeights: weights, withGradient: true)
    }
}
