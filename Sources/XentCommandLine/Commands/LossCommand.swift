import ArgumentParser
import Foundation
import XentKernels
import XentLosses
import XentTensorIO

/// `xent loss KIND --predictions FILE --targets FILE [options]`: a classification loss of saved predictions, with
/// the semantics of Keras or PyTorch, and its gradient on request. `xent loss linear-cross-entropy --hidden H
/// --weights W --targets y [--bias b]`: the same sparse-categorical loss of the logits H·Wᵀ + b, computed without
/// holding them (`Loss.linearCrossEntropy`), with the gradients of H, W and b.
///
/// The command holds no math: it reads the files (XentTensorIO), builds a `Loss` (XentLosses), evaluates it and
/// prints the result. ``evaluate()`` does everything but printing, so tests run it in-process.
struct LossCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loss",
        abstract: "A classification loss of saved predictions (Keras or PyTorch semantics), with its gradient.",
        discussion: """
            KIND is categorical, sparse-categorical, binary, kl, categorical-focal, binary-focal or \
            linear-cross-entropy. FILE is CSV \
            (rows = samples, columns = classes; comma separated, optional header line, # comments) or NumPy .npy \
            (float32, float64, int32, int64; any rank, C order). Sparse targets are integer labels: one column of \
            a CSV, or an int .npy (shape [N], or [N, d1, …] with --class-axis 1). The value is in nats.

            Defaults: --convention keras, --reduction mean (the convention's mean), CSV read as float64.

            Example (score saved logits as PyTorch's cross_entropy(x, y, label_smoothing=0.1) would):
              xent loss sparse-categorical --predictions logits.csv \\
                --targets labels.csv --from-logits --convention pytorch \\
                --label-smoothing 0.1 --json
            prints one JSON object that starts with
              {"value":0.3921880167605604,"unit":"nats",
            for the three rows of logits.csv (2,1,0.1 / 0.5,2.5,0.3 / -1,0.2,3)
            and labels.csv (0 / 1 / 2); torch prints 0.3921880167605605.

            linear-cross-entropy: the sparse-categorical loss from logits of a language-model head, \
            logits = H·Wᵀ + b for --hidden H [N, D], --weights W [V, D] (PyTorch's nn.Linear(D, V).weight) and \
            --bias b [V], against --targets (N labels), computed a block of tokens at a time so that the N x V \
            logits never exist (the JSON's peak_logits_bytes says how much did). --gradient-out DIR writes \
            DIR/hidden_grad.npy, DIR/weights_grad.npy and, with --bias, DIR/bias_grad.npy. Every option of \
            sparse-categorical from logits applies (--from-logits is implied).
              xent loss linear-cross-entropy --hidden h.npy --weights w.npy \
                --targets y.npy --convention pytorch --gradient-out grads --json
            """
    )

    @Argument(help: "The loss: categorical, sparse-categorical, binary, kl, categorical-focal, binary-focal or linear-cross-entropy.")
    var kind: String

    @Option(help: ArgumentHelp("The predictions: probabilities, logits with --from-logits, or log-probabilities (kl, pytorch).", valueName: "file"))
    var predictions: String?

    @Option(help: ArgumentHelp("linear-cross-entropy: the hidden states [N, D].", valueName: "file"))
    var hidden: String?

    @Option(help: ArgumentHelp("linear-cross-entropy: the output weights [V, D].", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("linear-cross-entropy: the output bias [V].", valueName: "file"))
    var bias: String?

    @Option(help: ArgumentHelp("linear-cross-entropy: threads to use (the result has the same bits for any count).", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("The targets: dense like the predictions, or integer labels (sparse-categorical).", valueName: "file"))
    var targets: String

    @Flag(help: "The predictions are logits (pre-softmax or pre-sigmoid scores).")
    var fromLogits = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Label smoothing ε in [0, 1].", valueName: "x"))
    var labelSmoothing: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("One weight per class, comma separated.", valueName: "w1,w2,…"))
    var classWeights: String?

    @Option(help: ArgumentHelp("One weight per sample (per position for [N, C, d1, …]).", valueName: "file"))
    var sampleWeights: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The ignored label (sparse-categorical; pytorch default -100).", valueName: "i"))
    var ignoreIndex: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("PyTorch pos_weight of binary with --from-logits: one, or one per label.", valueName: "w1,…"))
    var posWeight: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The focal exponent γ ≥ 0 (default 2).", valueName: "g"))
    var gamma: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The focal balance α (default 0.25), or one per class for categorical-focal.", valueName: "a"))
    var alpha: String?

    @Flag(help: "Binary focal: weight label 1 by α and label 0 by 1 − α.")
    var applyClassBalancing = false

    @Flag(help: "KL (pytorch): the targets are log-probabilities.")
    var logTarget = false

    @Option(help: ArgumentHelp("none, sum, mean, sum-over-batch-size or batchmean.", valueName: "r"))
    var reduction: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("1 for [N, C, d1, …] predictions (PyTorch layout); -1 for the last axis (default).", valueName: "axis"))
    var classAxis: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The z-loss coefficient α ≥ 0: α·logsumexp(x)² per row (cross-entropy from logits).", valueName: "a"))
    var zLoss: String?

    @Option(help: ArgumentHelp("keras or pytorch: whose semantics apply where they differ (default keras).", valueName: "c"))
    var convention: String?

    @Option(help: ArgumentHelp("float32 or float64: the precision of CSV input (default float64; .npy carries its own).", valueName: "t"))
    var dtype: String?

    @Flag(help: "Add the gradient with respect to the predictions (same shape) to the output.")
    var withGradient = false

    @Option(help: ArgumentHelp("Write the gradient to this file (.npy, or CSV for any other name); linear-cross-entropy: a directory for the three gradient files.", valueName: "path"))
    var gradientOut: String?

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    /// The kind that takes hidden states and weights instead of predictions.
    static let linearKind = "linear-cross-entropy"

    func run() throws {
        if kind == LossCommand.linearKind {
            let report = try evaluateLinear()
            for warning in report.warnings { printError("xent: warning: \(warning)") }
            if let gradientOut { try LinearCrossEntropyInputs.writeGradients(report, directory: gradientOut) }
            try printLine(json ? report.json.text : report.text)
            return
        }
        if let gradientOut { try OutputFile.check(gradientOut, replacing: true, argument: "--gradient-out") }
        let report = try evaluate()
        for warning in report.warnings { printError("xent: warning: \(warning)") }
        try writeGradient(of: report)
        try printLine(json ? report.json.text : report.text)
    }

    /// Writes the gradient to `--gradient-out` (`.npy` by extension, CSV otherwise), completely or not at all (an
    /// existing file is replaced only by a whole new one); exit 73 naming the cause when it cannot.
    func writeGradient(of report: LossReport) throws(CLIError) {
        guard let gradientOut, let gradient = report.gradient else { return }
        do throws(TensorFileError) {
            try TensorFile.write(gradient, to: gradientOut)
        } catch {
            throw OutputFile.error(error, argument: "--gradient-out")
        }
    }

    /// Reads the inputs, evaluates the loss and returns what `run` prints. Throws a `CLIError` with the contract's
    /// exit status: 64 for bad arguments, 65 for bad data, 66 for a file that cannot be read.
    func evaluate() throws(CLIError) -> LossReport {
        for (option, value) in [("--hidden", hidden), ("--weights", weights), ("--bias", bias),
                                ("--threads", threads.map(String.init))] where value != nil {
            throw CLIError("\(option): only for the linear-cross-entropy loss", exitCode: .usage)
        }
        guard let predictions else {
            throw CLIError("--predictions: missing: expected the file of predictions for the \(kind) loss",
                           exitCode: .usage)
        }
        var loss = try makeLoss()
        let csvType: TensorScalarType
        switch dtype {
        case nil, "float64": csvType = .float64
        case "float32": csvType = .float32
        case let other?: throw .badArgument("--dtype", other, expected: "float32 or float64")
        }
        let raw = try LossInputs.read("--predictions", predictions, csvScalarType: csvType).tensor
        if let classAxis, let axis = Int(classAxis.trimmingBlanks), axis >= 2 {
            // The last axis named by its index (2 for [N, d1, K]) is the default layout.
            guard axis == raw.shape.count - 1 else {
                throw .badArgument("--class-axis", classAxis,
                                   expected: "1, -1 or \(raw.shape.count - 1) (the last axis of shape \(LossReport.shapeText(raw.shape)))")
            }
            loss.classAxis = .last
        }
        let inputs = LossInputs(loss: loss, predictionsPath: predictions, targetsPath: targets,
                                sampleWeightsPath: sampleWeights, csvScalarType: csvType)
        let gradientWanted = withGradient || gradientOut != nil
        switch raw.scalarType {
        case .float32:
            return try inputs.evaluate(Float.self, predictions: raw, withGradient: gradientWanted,
                                       gradientInJSON: withGradient)
        case .float64, .int32, .int64:
            return try inputs.evaluate(Double.self, predictions: raw, withGradient: gradientWanted,
                                       gradientInJSON: withGradient)
        }
    }

    /// `xent loss linear-cross-entropy`: reads the files, checks their shapes and labels against each other, and
    /// evaluates. Exit statuses as ``evaluate()``.
    func evaluateLinear() throws(CLIError) -> LinearCrossEntropyReport {
        if predictions != nil {
            throw CLIError("--predictions: not used by linear-cross-entropy: expected --hidden and --weights",
                           exitCode: .usage)
        }
        if sampleWeights != nil {
            throw CLIError("--sample-weights: the linear-cross-entropy loss has no per-token weights", exitCode: .usage)
        }
        if classAxis != nil {
            throw CLIError("--class-axis: the linear-cross-entropy loss has its classes in the rows of --weights",
                           exitCode: .usage)
        }
        guard let hidden else { throw CLIError("--hidden: missing: expected the file of hidden states [N, D]") }
        guard let weights else { throw CLIError("--weights: missing: expected the file of output weights [V, D]") }
        let threads = self.threads ?? 1
        guard threads >= 1, threads <= 256 else {
            throw .badArgument("--threads", String(threads), expected: "an integer from 1 to 256")
        }
        let csvType: TensorScalarType
        switch dtype {
        case nil, "float64": csvType = .float64
        case "float32": csvType = .float32
        case let other?: throw .badArgument("--dtype", other, expected: "float32 or float64")
        }
        let loss = try makeLoss()
        if let gradientOut {
            for name in [LinearCrossEntropyInputs.gradientFiles.hidden, LinearCrossEntropyInputs.gradientFiles.weights]
                + (bias != nil ? [LinearCrossEntropyInputs.gradientFiles.bias] : []) {
                let path = (gradientOut as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: gradientOut) {
                    try OutputFile.check(path, replacing: true, argument: "--gradient-out")
                }
            }
        }
        let inputs = LinearCrossEntropyInputs(
            loss: loss, hiddenPath: hidden, weightsPath: weights, biasPath: bias, targetsPath: targets,
            csvScalarType: csvType, threads: threads)
        return try inputs.evaluate(withGradient: withGradient || gradientOut != nil, gradientInJSON: withGradient)
    }

    /// The loss the options describe; option values are checked here (bad ones exit 64).
    func makeLoss() throws(CLIError) -> Loss {
        let linear = kind == LossCommand.linearKind
        guard let kind = linear ? .sparseCategorical : LossKind(rawValue: kind) else {
            throw .badArgument("KIND", kind, expected: (LossKind.allCases.map(\.rawValue) + [LossCommand.linearKind])
                .joined(separator: ", "))
        }
        var loss = Loss(kind: kind)
        if let convention {
            guard let value = LossConvention(rawValue: convention.lowercased()) else {
                throw .badArgument("--convention", convention, expected: "keras or pytorch")
            }
            loss.convention = value
        }
        if let reduction {
            // Keras spells it sum_over_batch_size: accept underscores too.
            guard let value = LossReduction(rawValue: reduction.lowercased().replacingOccurrences(of: "_", with: "-"))
            else {
                throw .badArgument("--reduction", reduction,
                                   expected: LossReduction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            loss.reduction = value
        }
        if let classAxis {
            guard let axis = Int(classAxis.trimmingBlanks), axis >= -1, axis != 0 else {
                throw .badArgument("--class-axis", classAxis,
                                   expected: "1 (predictions [N, C, d1, …]) or -1 (the last axis)")
            }
            if let value = ClassAxis(commandLineValue: axis) { loss.classAxis = value }
        }
        loss.fromLogits = fromLogits || linear
        loss.applyClassBalancing = applyClassBalancing
        loss.logTarget = logTarget
        if let labelSmoothing { loss.labelSmoothing = try LossCommand.number("--label-smoothing", labelSmoothing) }
        if let gamma { loss.gamma = try LossCommand.number("--gamma", gamma) }
        if let zLoss { loss.zLoss = try LossCommand.number("--z-loss", zLoss) }
        if let classWeights { loss.classWeights = try LossCommand.numbers("--class-weights", classWeights) }
        if let posWeight { loss.posWeight = try LossCommand.numbers("--pos-weight", posWeight) }
        if let alpha {
            loss.alpha = alpha.contains(",") ? .perClass(try LossCommand.numbers("--alpha", alpha))
                                             : .uniform(try LossCommand.number("--alpha", alpha))
        }
        if let ignoreIndex {
            guard let value = Int(ignoreIndex.trimmingBlanks) else {
                throw .badArgument("--ignore-index", ignoreIndex, expected: "an integer label such as -100")
            }
            loss.ignoreIndex = value
        }
        return loss
    }

    /// A finite number option.
    static func number(_ option: String, _ text: String) throws(CLIError) -> Double {
        guard let value = Double(text.trimmingBlanks), value.isFinite else {
            throw .badArgument(option, text, expected: "a finite number")
        }
        return value
    }

    /// A comma-separated list of finite numbers.
    static func numbers(_ option: String, _ text: String) throws(CLIError) -> [Double] {
        var values: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Double(String(part).trimmingBlanks), value.isFinite else {
                throw .badArgument(option, text, expected: "comma-separated finite numbers such as 1,2.5,0.5")
            }
            values.append(value)
        }
        return values
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
