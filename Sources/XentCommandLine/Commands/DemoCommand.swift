import ArgumentParser
import Foundation
import XentTraining

/// `xent demo`: the article's story as a short preface, then its argument measured: the same network trained on
/// ECG5000 heartbeats with cross-entropy, with MSE on the softmax output and with MSE on the class index, over
/// several seeds, in a comparison table and an HTML report.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The article's story, then cross-entropy against MSE on ECG5000 heartbeats, with an HTML report.",
        discussion: """
            First the article's coding story (entropy, cross-entropy, which code to choose) on a built-in example. \
            Then the bundled ECG5000 heartbeats (500 training and 4500 test series, 5 classes) are classified by \
            the same model fitted to its optimum with three losses: cross-entropy, MSE between the softmax output \
            and the one-hot target, and MSE on the class index (the article's strawman), each over several seeds, \
            the penalty chosen by cross-validation on TRAIN and the test set scored once (--model mlp or cnn train \
            by epochs instead, chosen on a validation split). The comparison table gives mean ± standard \
            deviation; the report (report.html) has confusion matrices, reliability diagrams, per-class F1, the \
            mean heartbeat of each class, and for models trained by epochs the learning curves.

            Examples:
              xent demo
              xent demo --seeds 3 --report /tmp/xent-report
              xent demo --json
            """
    )

    @Option(parsing: .unconditional, help: "Seeds per loss (1, 2, …).") var seeds = 3
    @Option(help: "The model: hydra-multirocket (Hydra, MiniRocket, and MultiRocket pooling of the first difference), hydra-minirocket, minirocket, hydra, mlp or cnn.") var model = "hydra-multirocket"
    @Option(help: "The directory the report (report.html) is written to.") var report = "xent-report"
    @Flag(help: "Do not write the report.") var noReport = false
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        guard (1...100).contains(seeds) else {
            throw CLIError.badArgument("--seeds", "\(seeds)", expected: "an integer in 1...100")
        }
        let architecture = try TrainOptions.model(model)
        if !noReport { try ReportWriter.checkWritable(report) }
        let story = try ArticleStory.makeReport()
        if !json {
            try printLine(story.text)
            try printLine("")
            try printLine("The article's point, measured: ECG5000 heartbeats (\(architecture.kind.rawValue), \(seeds) seeds per loss; "
                + "validation split from TRAIN, TEST scored once).")
            try printLine("")
        }
        let split: UCRSplit
        do {
            split = try UCRArchive.ecg5000(zNormalize: architecture.kind.normalizesSeriesByDefault)
        } catch {
            throw CLIError("demo: \(error)", exitCode: .software)
        }
        let bar = ProgressBar(enabled: stderrIsTerminal && !json, label: "training", unit: "runs")
        let preface = "The article argues that a classifier should output a probability distribution and be "
            + "trained with cross-entropy, rather than regress a class index with MSE. This page measures that "
            + "claim on ECG5000 heartbeats with one model and three losses, each fitted to its optimum."
        let (entries, path) = try TrainComparison.run(
            split: split, seeds: seeds, model: architecture, reportDirectory: noReport ? nil : report,
            preface: preface, progress: bar)
        let page = TrainingReport(title: "", datasetName: "ECG5000", split: split, entries: entries)
        if json {
            // The story's fields stay at the top level (its `value` in bits, `chosen_code`, …); the measured
            // comparison is one more field.
            var fields: [(String, JSONValue)] = []
            if case .object(let storyFields) = story.json { fields = storyFields }
            var comparison: [(String, JSONValue)] = []
            if case .object(let values) = TrainComparison.json(entries, reportPath: path) { comparison = values }
            comparison.append(("summary", .array(page.summary.map { .string($0) })))
            fields.append(("comparison", .object(comparison)))
            try printLine(JSONValue.object(fields).text)
            return
        }
        for line in TrainComparison.table(entries) { try printLine(line) }
        try printLine("")
        for line in page.summary { try printLine(line) }
        if let path { try printLine("\nreport: \(path)") }
    }
}
