import XentKernels
import XentLosses
import XentTensorIO

/// What `xent loss linear-cross-entropy` prints: the value (or per-token values), the most logits held at once,
/// the gradients when asked for, and the warnings.
struct LinearCrossEntropyReport {
    var convention: LossConvention
    var reduction: LossReduction
    var dtype: TensorScalarType
    /// N, D, V.
    var dimensions: [Int]
    var valueShape: [Int]
    var values: [Double]
    var peakLogitsBytes: Int
    var hiddenGradient: AnyTensor?
    var weightsGradient: AnyTensor?
    var biasGradient: AnyTensor?
    var gradientInJSON: Bool
    var warnings: [String]

    init<Scalar: LossScalar & TensorFileScalar>(loss: Loss, dtype: TensorScalarType, result: LinearCrossEntropyResult<Scalar>,
                             dimensions: [Int], gradientInJSON: Bool) {
        convention = loss.convention
        reduction = loss.reduction
        self.dtype = dtype
        self.dimensions = dimensions
        valueShape = result.values.shape
        values = result.values.elements.map { Double($0) }
        peakLogitsBytes = result.peakLogitsBytes
        hiddenGradient = result.hiddenGradient.map { Scalar.wrap(Tensor($0)) }
        weightsGradient = result.weightsGradient.map { Scalar.wrap(Tensor($0)) }
        biasGradient = result.biasGradient.map { Scalar.wrap(Tensor(shape: [$0.count], elements: $0)) }
        self.gradientInJSON = gradientInJSON
        warnings = result.warnings.map(\.description)
    }

    /// `{"value", "unit": "nats", "kind", "convention", "reduction", "dtype", "shape", "tokens", "dimension",
    /// "vocabulary", "peak_logits_bytes", ["hidden_gradient", "weights_gradient", "bias_gradient"], "warnings"}`.
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("value", LossReport.nested(values, shape: valueShape)),
            ("unit", .string("nats")),
            ("kind", .string("linear-cross-entropy")),
            ("convention", .string(convention.rawValue)),
            ("reduction", .string(reduction.rawValue)),
            ("dtype", .string(dtype.rawValue)),
            ("shape", .array(valueShape.map { .integer($0) })),
            ("tokens", .integer(dimensions[0])),
            ("dimension", .integer(dimensions[1])),
            ("vocabulary", .integer(dimensions[2])),
            ("peak_logits_bytes", .integer(peakLogitsBytes)),
        ]
        if gradientInJSON {
            for (key, tensor) in [("hidden_gradient", hiddenGradient), ("weights_gradient", weightsGradient),
                                  ("bias_gradient", biasGradient)] {
                if let tensor { pairs.append((key, LossReport.nested(LossReport.doubles(tensor), shape: tensor.shape))) }
            }
        }
        pairs.append(("warnings", .array(warnings.map { .string($0) })))
        return .object(pairs)
    }

    /// Aligned text: a header block, then the values (and the gradients) one row per line.
    var text: String {
        var lines: [(String, String)] = [
            ("loss", "linear-cross-entropy (logits = hidden · weightsᵀ + bias, never all held)"),
            ("convention", convention.rawValue),
            ("reduction", reduction.rawValue),
            ("dtype", dtype.rawValue),
            ("shapes", "N \(dimensions[0]), D \(dimensions[1]), V \(dimensions[2])"),
            ("peak logits", "\(peakLogitsBytes) bytes (all logits: \(dimensions[0] * dimensions[2] * dtype.byteCount) bytes)"),
        ]
        if valueShape.isEmpty {
            lines.append(("value", "\(NumberText.shortest(values.first ?? .nan)) nats"))
        } else {
            lines.append(("values", "\(values.count) (shape \(LossReport.shapeText(valueShape))), nats"))
        }
        let table = TextTable(lines.map { [$0.0, $0.1] })
        var out = table.lines
        if !valueShape.isEmpty { out += LossReport.table(values, columns: 1) }
        if gradientInJSON {
            for (name, tensor) in [("dL/dhidden", hiddenGradient), ("dL/dweights", weightsGradient),
                                   ("dL/dbias", biasGradient)] {
                guard let tensor else { continue }
                out += TextTable([[name, "shape \(LossReport.shapeText(tensor.shape))"]],
                                 minimumWidths: table.widths).lines
                out += LossReport.table(LossReport.doubles(tensor), columns: tensor.shape.count >= 2 ? tensor.shape[1] : 1)
            }
        }
        return out.joined(separator: "\n")
    }
}
