import Foundation
import XentKernels
import XentLosses
import XentTensorIO

/// `xent loss linear-cross-entropy`: the files of the fused linear + cross-entropy, read, checked against each other
/// (shapes and labels, before the gradients or any logits are allocated) and evaluated by
/// `Loss.linearCrossEntropy`.
struct LinearCrossEntropyInputs {
    var loss: Loss
    var hiddenPath: String
    var weightsPath: String
    var biasPath: String?
    var targetsPath: String
    var csvScalarType: TensorScalarType
    var threads: Int

    /// The three gradient files `--gradient-out DIR` writes (the bias one only with `--bias`).
    static let gradientFiles = (hidden: "hidden_grad.npy", weights: "weights_grad.npy", bias: "bias_grad.npy")

    /// Reads the files and evaluates; the precision is the hidden states' (float32 `.npy` → Float, else Double).
    func evaluate(withGradient: Bool, gradientInJSON: Bool) throws(CLIError) -> LinearCrossEntropyReport {
        let hidden = try LossInputs.read("--hidden", hiddenPath, csvScalarType: csvScalarType).tensor
        switch hidden.scalarType {
        case .float32:
            return try evaluate(Float.self, hidden: hidden, withGradient: withGradient, gradientInJSON: gradientInJSON)
        case .float64, .int32, .int64:
            return try evaluate(Double.self, hidden: hidden, withGradient: withGradient, gradientInJSON: gradientInJSON)
        }
    }

    private func evaluate<Scalar: LossScalar & TensorFileScalar & LinearCrossEntropyScalar>(
        _ type: Scalar.Type, hidden raw: AnyTensor, withGradient: Bool, gradientInJSON: Bool
    ) throws(CLIError) -> LinearCrossEntropyReport {
        let hidden = try Self.matrix(raw.converted(to: Scalar.self), option: "--hidden", path: hiddenPath)
        let weightsRaw = try LossInputs.read("--weights", weightsPath, csvScalarType: Scalar.scalarType).tensor
        let weights = try Self.matrix(weightsRaw.converted(to: Scalar.self), option: "--weights", path: weightsPath)
        var bias: [Scalar]?
        if let biasPath {
            let raw = try LossInputs.read("--bias", biasPath, csvScalarType: Scalar.scalarType)
            let tensor = raw.tensor.converted(to: Scalar.self)
            guard raw.isCSV || tensor.shape.count == 1 else {
                throw CLIError("--bias: \(biasPath): shape \(LossReport.shapeText(tensor.shape)) is not valid: expected [\(weights.rows)]",
                               exitCode: .dataError)
            }
            bias = tensor.elements
        }
        let inputs = LossInputs(loss: loss, predictionsPath: hiddenPath, targetsPath: targetsPath,
                                sampleWeightsPath: nil, csvScalarType: csvScalarType)
        let labels = try inputs.readLabels()
        guard labels.shape.count == 1 else {
            throw CLIError("--targets: \(targetsPath): shape \(LossReport.shapeText(labels.shape)) is not valid: expected [\(hidden.rows)] (one label per token)",
                           exitCode: .dataError)
        }
        let paths: [LossArgument: String] = [.hidden: hiddenPath, .weights: weightsPath, .bias: biasPath ?? "",
                                             .labels: targetsPath, .targets: targetsPath]
        let result: LinearCrossEntropyResult<Scalar>
        do throws(LossError) {
            // Shapes, labels and options first: nothing large is allocated before they pass.
            _ = try loss.validateLinearCrossEntropy(
                tokens: hidden.rows, dimension: hidden.columns, weightsShape: [weights.rows, weights.columns],
                biasCount: bias?.count, labels: labels.elements, threads: threads)
            result = try loss.linearCrossEntropy(hidden: hidden, weights: weights, bias: bias,
                                                 labels: labels.elements, withGradient: withGradient,
                                                 threads: threads)
        } catch {
            throw LinearCrossEntropyInputs.cliError(error, paths: paths)
        }
        return LinearCrossEntropyReport(loss: loss, dtype: Scalar.scalarType, result: result,
                                        dimensions: [hidden.rows, hidden.columns, weights.rows],
                                        gradientInJSON: gradientInJSON)
    }

    /// A rank-2 tensor as a matrix (a CSV is one already); exit 65 for any other rank.
    static func matrix<Scalar>(_ tensor: Tensor<Scalar>, option: String, path: String) throws(CLIError) -> Matrix<Scalar> {
        guard tensor.shape.count == 2 else {
            throw CLIError("\(option): \(path): shape \(LossReport.shapeText(tensor.shape)) is not valid: expected a matrix [rows, columns]",
                           exitCode: .dataError)
        }
        return Matrix(rows: tensor.shape[0], columns: tensor.shape[1], elements: tensor.elements)
    }

    /// A `LossError` of the fused loss as the CLI reports it: the files' errors exit 65, the options' 64.
    static func cliError(_ error: LossError, paths: [LossArgument: String]) -> CLIError {
        func shape(_ s: [Int]) -> String { LossReport.shapeText(s) }
        switch error {
        case .shapeMismatch(let argument, let expected, let actual):
            let option = argument == .labels ? "--targets" : "--\(argument.rawValue)"
            let path = paths[argument].map { ": \($0)" } ?? ""
            let other = argument == .bias ? "--weights" : "--hidden"
            return CLIError("\(option)\(path): shape \(shape(actual)) does not match \(other): expected \(shape(expected))",
                            exitCode: .dataError)
        case .emptyBatch, .invalidShape, .invalidValue, .labelOutOfRange:
            var cli = LossInputs.cliError(error, paths: paths)
            cli.exitCode = .dataError
            return cli
        case .invalidOption, .unsupportedOption:
            return LossInputs.cliError(error, paths: paths)
        }
    }

    /// Writes `DIR/hidden_grad.npy`, `DIR/weights_grad.npy` and (with a bias) `DIR/bias_grad.npy`, each completely
    /// or not at all; creates DIR when missing. Exit 73 naming the cause when it cannot.
    static func writeGradients(_ report: LinearCrossEntropyReport, directory: String) throws(CLIError) {
        // An absolute path: Foundation's deletingLastPathComponent traps on some one-component relative paths.
        let folder = URL(fileURLWithPath: directory).standardizedFileURL
        try ReportWriter.makeDirectories(folder.path, reportedAs: directory, argument: "--gradient-out")
        let files: [(String, AnyTensor?)] = [(gradientFiles.hidden, report.hiddenGradient),
                                              (gradientFiles.weights, report.weightsGradient),
                                              (gradientFiles.bias, report.biasGradient)]
        for (name, tensor) in files {
            guard let tensor else { continue }
            do throws(TensorFileError) {
                try TensorFile.write(tensor, to: folder.appendingPathComponent(name).path)
            } catch {
                throw OutputFile.error(error, argument: "--gradient-out")
            }
        }
    }
}
