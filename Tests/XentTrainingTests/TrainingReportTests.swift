import Foundation
import Testing
@testable import XentTraining

@Suite struct TrainingReportTests {
    static func tinyComparison() throws -> (UCRSplit, [ReportEntry]) {
        var generator = SeededGenerator(seed: 9)
        func text(_ rows: Int) -> String {
            (0..<rows).map { i -> String in
                let label = i % 3 + 1
                let values = (0..<12).map { t in Double(label) * sin(Double(t) / 2) + 0.2 * generator.nextGaussian() }
                return "\(label)\t" + values.map { String($0) }.joined(separator: "\t")
            }.joined(separator: "\n")
        }
        let split = try UCRArchive.split(trainText: text(15), testText: text(9))
        var configuration = TrainingConfiguration()
        configuration.model = ModelConfiguration(kind: .mlp, hiddenUnits: [8], dropout: 0)
        configuration.epochs = 3
        configuration.minimumSteps = 0
        let entries = try LossComparison.run(split: split, seeds: 2, configuration: configuration)
        return (split, entries)
    }

    @Test func thePageIsSelfContainedAndHasEveryFigure() throws {
        let (split, entries) = try Self.tinyComparison()
        #expect(entries.map(\.loss) == [.crossEntropy, .mse, .indexMSE])
        #expect(entries.allSatisfy { $0.experiments.count == 2 })
        let html = TrainingReport(title: "t", datasetName: "tiny", split: split, entries: entries).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
        // Two curve charts, three confusion matrices, three reliability diagrams, F1 bars, mean series.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 10)
        #expect(html.contains("Comparison (test set"))
    }

    @Test func theSummaryNamesTheBestLossAndTheIndexRegressionCaveat() throws {
        let (split, entries) = try Self.tinyComparison()
        let summary = TrainingReport(title: "t", datasetName: "tiny", split: split, entries: entries).summary
        let best = entries.max { $0.summary { $0.metrics.accuracy }.mean < $1.summary { $0.metrics.accuracy }.mean }!
        #expect(summary.first?.contains(best.loss.displayName) == true)
        #expect(summary.contains { $0.contains("no probabilities") })
    }

    @Test func meanAndDeviationUseTheSampleDeviation() {
        let s = MeanAndDeviation.of([1, 2, 3, 4])
        #expect(s.mean == 2.5)
        #expect(abs(s.deviation - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(MeanAndDeviation.of([7]).deviation == 0)
    }
}
