import XentKernels
import XentLosses
import XentTensorIO

/// What `xent loss` prints: the value (or per-sample values), the gradient when asked for, and the warnings.
struct LossReport {
    var kind: LossKind
    var convention: LossConvention
    var reduction: LossReduction
    var fromLogits: Bool
    var dtype: TensorScalarType
    /// The value's shape: `[]` for a reduced value, the per-sample shape with reduction none.
    var valueShape: [Int]
    /// The values, converted exactly to `Double`.
    var values: [Double]
    /// The gradient with respect to the predictions, in their precision and shape (when computed).
    var gradient: AnyTensor?
    var gradientInJSON: Bool
    var warnings: [String]

    init<Scalar: LossScalar & TensorFileScalar>(
        loss: Loss, dtype: TensorScalarType, result: LossResult<Scalar>, gradientInJSON: Bool
    ) {
        kind = loss.kind
        convention = loss.convention
        reduction = loss.reduction
        fromLogits = loss.fromLogits
        self.dtype = dtype
        valueShape = result.values.shape
        values = result.values.elements.map { Double($0) }
        gradient = result.gradient.map { Scalar.wrap($0) }
        self.gradientInJSON = gradientInJSON
        warnings = result.warnings.map(\.description)
    }

    /// `{"value": …, "unit": "nats", "kind", "convention", "reduction", "dtype", "shape", ["gradient"], "warnings"}`.
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("value", LossReport.nested(values, shape: valueShape)),
            ("unit", .string("nats")),
            ("kind", .string(kind.rawValue)),
            ("convention", .string(convention.rawValue)),
            ("reduction", .string(reduction.rawValue)),
            ("from_logits", .bool(fromLogits)),
            ("dtype", .string(dtype.rawValue)),
            ("shape", .array(valueShape.map { .integer($0) })),
        ]
        if gradientInJSON, let gradient {
            pairs.append(("gradient", LossReport.nested(LossReport.doubles(gradient), shape: gradient.shape)))
        }
        pairs.append(("warnings", .array(warnings.map { .string($0) })))
        return .object(pairs)
    }

    /// Aligned text: a header block, then the values (and the gradient) one row per line.
    var text: String {
        var lines: [(String, String)] = [
            ("loss", kind.rawValue + (fromLogits ? " (from logits)" : "")),
            ("convention", convention.rawValue),
            ("reduction", reduction.rawValue),
            ("dtype", dtype.rawValue),
        ]
        if valueShape.isEmpty {
            lines.append(("value", "\(NumberText.shortest(values.first ?? .nan)) nats"))
        } else {
            lines.append(("values", "\(values.count) (shape \(LossReport.shapeText(valueShape))), nats"))
        }
        let table = TextTable(lines.map { [$0.0, $0.1] })
        var out = table.lines
        if !valueShape.isEmpty {
            out += LossReport.table(values, columns: valueShape.count >= 2 ? valueShape.last ?? 1 : 1)
        }
        if gradientInJSON, let gradient {
            out += TextTable([["gradient", "shape \(LossReport.shapeText(gradient.shape))"]],
                             minimumWidths: table.widths).lines
            let columns = gradient.shape.count >= 2 ? gradient.shape.last ?? 1 : 1
            out += LossReport.table(LossReport.doubles(gradient), columns: columns)
        }
        return out.joined(separator: "\n")
    }

    static let maximumRows = 20

    /// Rows of right-aligned numbers, at most ``maximumRows`` of them.
    static func table(_ values: [Double], columns: Int) -> [String] {
        let columns = max(columns, 1)
        let rows = (values.count + columns - 1) / columns
        let shown = min(rows, maximumRows)
        let texts = values.prefix(shown * columns).map(NumberText.shortest)
        let width = texts.map(\.count).max() ?? 0
        let rowsOfCells = (0..<shown).map { row in
            ["  [\(row)]"] + texts[(row * columns)..<min(texts.count, (row + 1) * columns)]
        }
        // The row labels take 8 characters with their gap; every number is as wide as the widest.
        var out = TextTable(rowsOfCells, alignments: [.left, .right],
                            minimumWidths: [6] + [Int](repeating: width, count: columns)).lines
        if rows > shown { out.append("  … \(rows - shown) more rows (see --json or --gradient-out)") }
        return out
    }

    static func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    static func doubles(_ tensor: AnyTensor) -> [Double] {
        switch tensor {
        case .float32(let t): return t.elements.map { Double($0) }
        case .float64(let t): return t.elements
        case .int32(let t): return t.elements.map { Double($0) }
        case .int64(let t): return t.elements.map { Double($0) }
        }
    }

    /// A number for rank 0, nested arrays in C order otherwise.
    static func nested(_ values: [Double], shape: [Int]) -> JSONValue {
        guard let first = shape.first else { return .number(values.first ?? .nan) }
        let rest = Array(shape.dropFirst())
        let stride = rest.reduce(1, *)
        if rest.isEmpty { return .array(values.map { .number($0) }) }
        return .array((0..<first).map { i in
            nested(Array(values[(i * stride)..<min(values.count, (i + 1) * stride)]), shape: rest)
        })
    }
}
