import Foundation
import Testing
@testable import XentTraining

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/ucr")

@Suite struct UCRArchiveTests {
    @Test func loadsECG200WithItsLabelMapAndCounts() throws {
        let split = try UCRArchive.load(
            trainPath: fixtures.appendingPathComponent("ECG200_TRAIN.tsv").path,
            testPath: fixtures.appendingPathComponent("ECG200_TEST.tsv").path, zNormalize: false)
        // Counts from the archive's README: train -1:31, 1:69; test -1:36, 1:64; length 96.
        #expect(split.labelMap == ["-1", "1"])
        #expect(split.train.length == 96)
        #expect(split.train.classCounts == [31, 69])
        #expect(split.test.classCounts == [36, 64])
        // First value of the first training row, as written in the file.
        let firstLine = try String(contentsOf: fixtures.appendingPathComponent("ECG200_TRAIN.tsv"), encoding: .utf8)
            .split(separator: "\n")[0].split(separator: "\t")
        #expect(split.train.values[0] == Float(Double(firstLine[1])!))
    }

    @Test func labelsAreSortedNumericallyAndMappedToIndices() throws {
        let split = try UCRArchive.split(trainText: "10\t1\t2\n2\t3\t4\n-1\t5\t6\n10\t7\t8\n", testText: "2\t0\t0\n",
                                         zNormalize: false)
        #expect(split.labelMap == ["-1", "2", "10"])
        #expect(split.train.labels == [2, 1, 0, 2])
        #expect(split.test.labels == [1])
    }

    @Test func zNormalisationGivesMeanZeroAndSampleDeviationOne() throws {
        let split = try UCRArchive.split(
            trainText: "1\t1\t2\t3\t4\n2\t5\t5\t5\t5\n", testText: "1\t2\t4\t6\t8\n", zNormalize: true)
        // Off by default: the series as stored.
        let stored = try UCRArchive.split(trainText: "1\t1\t2\t3\t4\n2\t5\t5\t5\t5\n", testText: "1\t2\t4\t6\t8\n")
        #expect(stored.train.values == [1, 2, 3, 4, 5, 5, 5, 5] && stored.test.values == [2, 4, 6, 8])
        // (x − 2.5)/std([1,2,3,4], ddof 1) with std = √(5/3).
        let s = (5.0 / 3.0).squareRoot()
        let expected = [1.0, 2, 3, 4].map { Float(($0 - 2.5) / s) }
        for (a, b) in zip(split.train.series(0), expected) { #expect(abs(a - b) < 1e-6) }
        #expect(split.train.series(1).allSatisfy { $0 == 0 })  // a constant series becomes zeros
        for (a, b) in zip(split.test.series(0), expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func raggedRowsAreReportedWithRowAndCounts() {
        #expect(throws: TrainingError.raggedRow(source: "train", row: 2, count: 1, expected: 2)) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\n", testText: "1\t1\t2\n")
        }
    }

    @Test func infinitiesAndTextAreRejectedWithTheirColumn() {
        #expect(throws: TrainingError.nonFiniteValue(source: "train", row: 1, column: 3, text: "inf")) {
            try UCRArchive.split(trainText: "1\t1\tinf\t5\n2\t3\t4\t6\n", testText: "1\t1\t2\t3\n")
        }
        #expect(throws: TrainingError.unparsableValue(source: "test", row: 1, column: 2, text: "x")) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\t4\n", testText: "1\tx\t2\n")
        }
    }

    @Test func datasetsBuiltInCodeRejectNonFiniteValues() {
        #expect(throws: TrainingError.invalidSetting(name: "value 1 of series 1", value: "nan",
                                                     expected: "a finite number")) {
            try TimeSeriesDataset(values: [0, 1, 2, .nan], labels: [0, 1], length: 2, classNames: ["a", "b"])
        }
        #expect(throws: TrainingError.self) {
            try TimeSeriesDataset(values: [-.infinity, 1], labels: [0], length: 2, classNames: ["a"])
        }
    }

    /// The archive stores variable-length series padded with NaN at the end: such a row is the series before its
    /// padding, and a file with rows of several lengths is padded like a `.ts` file with `@equalLength false` (to
    /// the longest TRAIN series). A NaN followed by a number is a missing value, filled by interpolation.
    @Test func nanPaddedRowsAreVariableLengthSeries() throws {
        let split = try UCRArchive.split(
            trainText: "1\t0\t1\t2\tNaN\tNaN\n2\t0\t10\t20\t30\t40\n1\t5\tnan\tNaN\tNaN\tNaN\n",
            testText: "1,0,4,NaN,NaN,NaN,NaN\r\n2,0,2,8,1,2,3\n", zNormalize: false)
        #expect(split.train.length == 5)
        #expect(Array(split.train.series(0).prefix(3)) == [0, 1, 2])
        #expect(split.train.series(0).dropFirst(3).allSatisfy { abs($0 - 1) < 0.05 })
        #expect(Array(split.train.series(1)) == [0, 10, 20, 30, 40])
        #expect(Array(split.train.series(2)) == [5, 5, 5, 5, 5])
        #expect(Array(split.test.series(0).prefix(2)) == [0, 4])
        #expect(Array(split.test.series(1)) == [0, 2, 8, 1, 2])  // a longer TEST series is cut
        // The same series as a `.ts` pair give the same datasets (padded with the same seeded noise).
        let header = "@problemName p\n@univariate true\n@equalLength false\n@classLabel true 1 2\n@data\n"
        let ts = try TSFormat.split(trainText: header + "0,1,2:1\n0,10,20,30,40:2\n5:1\n",
                                    testText: header + "0,4:1\n0,2,8:2\n")
        let tsv = try UCRArchive.split(
            trainText: "1\t0\t1\t2\tNaN\tNaN\n2\t0\t10\t20\t30\t40\n1\t5\tNaN\tNaN\tNaN\tNaN\n",
            testText: "1\t0\t4\tNaN\n2\t0\t2\t8\n")
        #expect(tsv.train.values == ts.train.values && tsv.test.values == ts.test.values)
        #expect(tsv.train.labels == ts.train.labels && tsv.test.labels == ts.test.labels)
        // Padding counts towards the row's width; a NaN inside a series is interpolated; a row of NaN only is an
        // error.
        #expect(throws: TrainingError.raggedRow(source: "train", row: 2, count: 3, expected: 2)) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\tNaN\tNaN\n", testText: "1\t1\t2\n")
        }
        let filled = try UCRArchive.split(trainText: "1\tNaN\t1\tNaN\t3\tNaN\n2\t3\t4\t5\t6\t7\n", testText: "1\t1\t2\t3\t4\t5\n")
        #expect(Array(filled.train.series(0).prefix(4)) == [1, 1, 2, 3])  // then padded to 5 values

        #expect(throws: TrainingError.noValues(source: "test", row: 1)) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\t4\n", testText: "1\tNaN\tNaN\n")
        }
    }

    /// A long row whose every other value is missing, then NaN padding: filled and cut where the padding begins.
    @Test func longRowsWithManyMissingValuesAreFilled() throws {
        let n = 20_000
        var fields = ["1"]
        for i in 0..<n { fields.append(i % 2 == 0 ? "\(i)" : "NaN") }
        fields.append(contentsOf: ["NaN", "nan", "NaN"])
        let other = ["2"] + (0..<(n + 3)).map { _ in "7" }
        let split = try UCRArchive.split(
            trainText: fields.joined(separator: "\t") + "\n" + other.joined(separator: "\t") + "\n",
            testText: other.joined(separator: "\t") + "\n")
        let series = Array(split.train.series(0).prefix(n - 1))
        #expect(series == (0..<(n - 1)).map(Float.init))
        #expect(split.train.length == n + 3)
    }

    @Test func emptyFilesAndUnseenTestLabelsAreErrors() {
        #expect(throws: TrainingError.emptyFile(source: "train")) {
            try UCRArchive.split(trainText: "\n\n", testText: "1\t1\n")
        }
        #expect(throws: TrainingError.unseenLabel(source: "test", row: 2, label: "3")) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\t4\n", testText: "1\t1\t2\n3\t1\t2\n")
        }
        #expect(throws: TrainingError.tooFewClasses(count: 1)) {
            try UCRArchive.split(trainText: "1\t1\t2\n1\t3\t4\n", testText: "1\t1\t2\n")
        }
        #expect(throws: TrainingError.lengthMismatch(train: 2, test: 3)) {
            try UCRArchive.split(trainText: "1\t1\t2\n2\t3\t4\n", testText: "1\t1\t2\t3\n")
        }
    }

    @Test func errorDescriptionsAreOneLineWithoutFinalPeriod() {
        let errors: [TrainingError] = [
            .emptyFile(source: "a"), .raggedRow(source: "a", row: 1, count: 2, expected: 3),
            .unseenLabel(source: "a", row: 1, label: "7"), .nonFiniteValue(source: "a", row: 1, column: 2, text: "inf"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(!error.description.hasSuffix("."))
        }
    }
}
