import XentKernels
import XentLosses
import XentTensorIO

/// The files of `xent loss`, read and shaped for the loss: CSV has no shape beyond rows × columns, so CSV targets
/// and weights take the shape the predictions imply when their element counts agree.
struct LossInputs {
    var loss: Loss
    var predictionsPath: String
    var targetsPath: String
    var sampleWeightsPath: String?
    var csvScalarType: TensorScalarType

    /// Reads the targets and weights in the predictions' precision, evaluates the loss and builds the report.
    func evaluate<Scalar: LossScalar & TensorFileScalar>(
        _ type: Scalar.Type, predictions raw: AnyTensor, withGradient: Bool, gradientInJSON: Bool
    ) throws(CLIError) -> LossReport {
        let predictions = raw.converted(to: Scalar.self)
        let weights = try readSampleWeights(Scalar.self)
        let labels = loss.kind.takesLabels ? try readLabels() : nil
        let targets = loss.kind.takesLabels ? nil : try readTargets(Scalar.self, predictionShape: predictions.shape)
        let result: LossResult<Scalar>
        do throws(LossError) {
            if let labels {
                result = try loss.evaluate(predictions: predictions, labels: labels, sampleWeights: weights,
                                           withGradient: withGradient)
            } else {
                result = try loss.evaluate(predictions: predictions, targets: targets ?? predictions,
                                           sampleWeights: weights, withGradient: withGradient)
            }
        } catch {
            throw LossInputs.cliError(error, paths: paths)
        }
        return LossReport(loss: loss, dtype: Scalar.scalarType, result: result, gradientInJSON: gradientInJSON)
    }

    var paths: [LossArgument: String] {
        var paths: [LossArgument: String] = [.predictions: predictionsPath, .targets: targetsPath,
                                             .labels: targetsPath]
        paths[.sampleWeights] = sampleWeightsPath
        return paths
    }

    /// Integer labels: one CSV column (or row), or an integer (or integral float) `.npy`.
    func readLabels() throws(CLIError) -> Tensor<Int> {
        let (raw, isCSV) = try LossInputs.read("--targets", targetsPath, csvScalarType: .int64)
        let labels: Tensor<Int>
        do throws(TensorFileError) {
            labels = try raw.integers()
        } catch {
            throw CLIError("--targets: \(targetsPath): \(error)", exitCode: .dataError)
        }
        return isCSV ? Tensor(shape: [labels.elements.count], elements: labels.elements) : labels
    }

    /// Dense targets in the predictions' precision; CSV targets with as many elements take the predictions' shape.
    func readTargets<Scalar: LossScalar & TensorFileScalar>(
        _ type: Scalar.Type, predictionShape: [Int]
    ) throws(CLIError) -> Tensor<Scalar> {
        let (raw, isCSV) = try LossInputs.read("--targets", targetsPath, csvScalarType: Scalar.scalarType)
        let targets = raw.converted(to: Scalar.self)
        if isCSV, targets.shape != predictionShape,
           let reshaped = Tensor(validatingShape: predictionShape, elements: targets.elements) {
            return reshaped
        }
        return targets
    }

    /// Per-sample weights; a CSV column or row becomes a vector.
    func readSampleWeights<Scalar: LossScalar & TensorFileScalar>(
        _ type: Scalar.Type
    ) throws(CLIError) -> Tensor<Scalar>? {
        guard let sampleWeightsPath else { return nil }
        let (raw, isCSV) = try LossInputs.read("--sample-weights", sampleWeightsPath, csvScalarType: Scalar.scalarType)
        let weights = raw.converted(to: Scalar.self)
        return isCSV ? Tensor(shape: [weights.elements.count], elements: weights.elements) : weights
    }

    /// Reads a tensor file; missing or unreadable files exit 66, malformed content 65.
    static func read(
        _ option: String, _ path: String, csvScalarType: TensorScalarType
    ) throws(CLIError) -> (tensor: AnyTensor, isCSV: Bool) {
        do throws(TensorFileError) {
            // One open, read to the end: a pipe or FIFO (/dev/stdin, <(…)) is read like a file.
            let (tensor, format) = try TensorFile.readWithFormat(contentsOf: path, csvScalarType: csvScalarType)
            return (tensor, format == .csv)
        } catch {
            if case .cannotRead = error { throw CLIError("\(option): \(error)", exitCode: .noInput) }
            throw CLIError("\(option): \(path): \(error)", exitCode: .dataError)
        }
    }

    /// A `LossError` as the CLI reports it: the option that holds the bad value, the file, the position (row and
    /// column for a matrix, counted from 1), the value and what was expected.
    static func cliError(_ error: LossError, paths: [LossArgument: String]) -> CLIError {
        func option(_ argument: LossArgument) -> String {
            switch argument {
            case .labels, .targets: return "--targets"
            default: return "--\(argument.rawValue)"
            }
        }
        func source(_ argument: LossArgument) -> String {
            if let path = paths[argument] { return "\(option(argument)): \(path)" }
            return option(argument)
        }
        func position(_ index: [Int]) -> String {
            switch index.count {
            case 1: return "row \(index[0] + 1)"
            case 2: return "row \(index[0] + 1), column \(index[1] + 1)"
            default: return "element [" + index.map(String.init).joined(separator: ", ") + "]"
            }
        }
        func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        let fromFile: Set<LossArgument> = [.predictions, .targets, .labels, .sampleWeights]
        func exitCode(_ argument: LossArgument) -> CLIExitCode { fromFile.contains(argument) ? .dataError : .usage }

        switch error {
        case .emptyBatch(let argument):
            return CLIError("\(source(argument)): the batch is empty; expected at least one row",
                            exitCode: exitCode(argument))
        case .shapeMismatch(let argument, let expected, let actual):
            return CLIError("\(source(argument)): shape \(shape(actual)) does not match the predictions: expected \(shape(expected))",
                            exitCode: exitCode(argument))
        case .invalidShape(let argument, let s, let expectation):
            return CLIError("\(source(argument)): shape \(shape(s)) is not valid: expected \(expectation)",
                            exitCode: exitCode(argument))
        case .labelOutOfRange(let index, let label, let classCount):
            return CLIError("\(source(.labels)): \(position(index)): label \(label) is out of range: expected 0..<\(classCount) or the ignored label",
                            exitCode: .dataError)
        case .invalidValue(let argument, let index, let value, let expectation):
            return CLIError("\(source(argument)): \(position(index)): value \(value) is not valid: expected \(expectation)",
                            exitCode: exitCode(argument))
        case .invalidOption(let name, let value, let expectation):
            return CLIError("--\(name): '\(value)' is not valid: expected \(expectation)", exitCode: .usage)
        case .unsupportedOption(let name, let kind, let convention):
            return CLIError("--\(name): the \(kind) loss has no such option under the \(convention) convention",
                            exitCode: .usage)
        }
    }
}
