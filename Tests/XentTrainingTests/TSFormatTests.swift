import Foundation
import Testing
import XentKernels
@testable import XentTraining

/// A GunPoint-like header for inline fixtures; `classes` is the `@classLabel` list.
private func header(classes: String = "1 2", equalLength: Bool = true, extra: String = "") -> String {
    """
    # inline fixture
    @problemName Fixture
    @timeStamps false
    @missing false
    @univariate true
    @equalLength \(equalLength)
    @classLabel true \(classes)
    \(extra)@data

    """
}

@Suite struct TSFormatTests {
    // MARK: Univariate, equal length

    /// The same series as `.ts` and as TSV give equal datasets, label maps included, with and without
    /// z-normalisation.
    @Test func equalLengthSeriesMatchTheTSVReader() throws {
        let trainRows: [(String, [String])] = [
            ("2", ["-0.71051757", "-1.1833204", "0.045966947", "1.2752543", "0.61333034", "-0.20619456"]),
            ("1", ["1.3190669", "0.56977448", "-0.085856424", "0.0078051347", "-0.74148733", "2.5e-3"]),
            ("1", ["3", "1", "4", "1", "5", "9"]),
            ("2", ["-1e-7", "0", "7.25", "-3.5", "0.1", "0.2"]),
        ]
        let testRows: [(String, [String])] = [
            ("1", ["0.5", "0.25", "-0.125", "8", "1", "2"]),
            ("2", ["9", "8", "7", "6", "5", "4"]),
        ]
        func ts(_ rows: [(String, [String])]) -> String {
            header(extra: "@seriesLength 6\n") + rows.map { $0.1.joined(separator: ",") + ":" + $0.0 }
                .joined(separator: "\n") + "\n"
        }
        func tsv(_ rows: [(String, [String])]) -> String {
            rows.map { ([$0.0] + $0.1).joined(separator: "\t") }.joined(separator: "\n") + "\n"
        }
        for zNormalize in [false, true] {
            let fromTS = try TSFormat.split(trainText: ts(trainRows), testText: ts(testRows), zNormalize: zNormalize)
            let fromTSV = try UCRArchive.split(trainText: tsv(trainRows), testText: tsv(testRows),
                                               zNormalize: zNormalize)
            #expect(fromTS.train == fromTSV.train)
            #expect(fromTS.test == fromTSV.test)
            #expect(fromTS.labelMap == ["1", "2"])
        }
        let raw = try TSFormat.split(trainText: ts(trainRows), testText: ts(testRows), zNormalize: false)
        #expect(raw.train.labels == [1, 0, 0, 1])
        #expect(raw.test.labels == [0, 1])
        #expect(raw.train.length == 6)
        #expect(Array(raw.train.series(0)) == trainRows[0].1.compactMap { Double($0).map(Float.init) })
    }

    /// Keywords in any case, `#` and `%` comments, blank lines, CRLF line ends and spaces around values.
    @Test func headerKeywordsAreCaseInsensitiveAndCommentsAreSkipped() throws {
        let train = "% an ARFF-style comment\r\n#another\r\n\r\n@PROBLEMNAME x\r\n@TimeStamps FALSE\r\n"
            + "@univariate True\r\n@EQUALLENGTH true\r\n@CLASSLABEL true a b\r\n@DATA\r\n"
            + " 1, 2 ,3 :a\r\n\r\n# a comment among the rows\r\n4,5,6: b \r\n"
        let split = try TSFormat.split(trainText: train, testText: header(classes: "a b") + "7,8,9:b\n",
                                       zNormalize: false)
        #expect(split.train.values == [1, 2, 3, 4, 5, 6])
        #expect(split.train.labels == [0, 1])
        #expect(split.test.labels == [1])
        #expect(split.labelMap == ["a", "b"])
    }

    /// Text labels keep TRAIN's `@classLabel` order; the TEST file maps each name to the same class whatever its
    /// own `@classLabel` order.
    @Test func textLabelsKeepTheClassLabelOrderAcrossSplits() throws {
        let train = header(classes: "Standing Running Walking")
            + "1,2:Walking\n3,4:Standing\n5,6:Running\n7,8:Walking\n"
        let test = header(classes: "Walking Running Standing") + "1,1:Running\n2,2:Walking\n3,3:Standing\n"
        let split = try TSFormat.split(trainText: train, testText: test, zNormalize: false)
        #expect(split.labelMap == ["Standing", "Running", "Walking"])
        #expect(split.train.labels == [2, 0, 1, 2])
        #expect(split.test.labels == [1, 2, 0])
    }

    /// Numeric labels are sorted numerically, as the TSV reader sorts them (the archive writes `1 10 2 …`), and
    /// `1.0` is the class `1`.
    @Test func numericLabelsAreSortedNumericallyAsInTSV() throws {
        let train = header(classes: "1 10 2") + "1,2:10\n3,4:2\n5,6:1.0\n"
        let test = header(classes: "0.0 1.0 2.0 10.0") + "1,1:1\n2,2:10.0\n"
        let split = try TSFormat.split(trainText: train, testText: test, zNormalize: false)
        #expect(split.labelMap == ["1", "2", "10"])
        #expect(split.train.labels == [2, 1, 0])
        #expect(split.test.labels == [0, 2])
    }

    // MARK: Univariate, unequal length

    /// With `@equalLength false` every series of both splits is padded at its end to the longest TRAIN series (its
    /// mean plus noise a tenth of its standard deviation wide), and a longer TEST series is cut to that length.
    @Test func unequalLengthsArePaddedToTheLongestTrainingSeries() throws {
        let train = header(equalLength: false) + "0,1,2:1\n0,10,20,30,40:2\n5:1\n"
        let test = header(equalLength: false) + "0,4:1\n0,1,2,3,4,5,6,7,8:2\n"
        let split = try TSFormat.split(trainText: train, testText: test, zNormalize: false)
        #expect(split.train.length == 5 && split.test.length == 5)
        func expectPadded(_ series: ArraySlice<Float>, keeps values: [Float]) {
            #expect(Array(series.prefix(values.count)) == values)
            let mean = values.reduce(0, +) / Float(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
            for value in series.dropFirst(values.count) {
                #expect(abs(value - mean) <= 0.05 * sd * 1.0001, "padding \(value) around \(mean)")
            }
        }
        expectPadded(split.train.series(0), keeps: [0, 1, 2])
        #expect(Array(split.train.series(1)) == [0, 10, 20, 30, 40])  // already the longest: unchanged
        #expect(Array(split.train.series(2)) == [5, 5, 5, 5, 5])  // a constant series: no noise
        expectPadded(split.test.series(0), keeps: [0, 4])
        #expect(Array(split.test.series(1)) == [0, 1, 2, 3, 4])  // longer TEST series are cut to the TRAIN length
        // The padding is noise, not a constant stretch; and the same files always give the same values.
        let padding = Array(split.train.series(0).suffix(2))
        #expect(padding[0] != padding[1] && padding.allSatisfy { $0 != 1 })
        let again = try TSFormat.split(trainText: train, testText: test, zNormalize: false)
        #expect(again.train.values == split.train.values && again.test.values == split.test.values)
        // Only one file saying so is enough; z-normalisation comes after padding.
        let mixed = try TSFormat.split(trainText: header() + "0,1,2,3,4:1\n4,3,2,1,0:2\n",
                                       testText: header(equalLength: false) + "0,1,2:1\n", zNormalize: true)
        #expect(mixed.test.length == 5)
        let normalised = Array(mixed.test.series(0))
        let mean = normalised.reduce(0, +) / 5
        #expect(abs(mean) < 1e-6)
    }

    @Test func paddingEdgeCases() {
        var generator = SplitMix64(seed: 1)
        #expect([Float(7)].paddedWithNoise(to: 3, using: &generator) == [7, 7, 7])
        #expect([Float(1), 2, 3].paddedWithNoise(to: 2, using: &generator) == [1, 2])
        #expect([Float(1), 2].paddedWithNoise(to: 2, using: &generator) == [1, 2])
        #expect([Float]().paddedWithNoise(to: 3, using: &generator).isEmpty)
        #expect([Float(1)].paddedWithNoise(to: 0, using: &generator).isEmpty)
        let padded = [Float(-1), 1].paddedWithNoise(to: 1000, using: &generator)
        #expect(padded.count == 1000 && padded.dropFirst(2).allSatisfy { abs($0) <= 0.05 })
        // Uniform noise of width 0.1: its spread is about 0.1 / √12.
        let tail = padded.dropFirst(2).map(Double.init)
        let spread = (tail.map { $0 * $0 }.reduce(0, +) / Double(tail.count)).squareRoot()
        #expect(abs(spread - 0.1 / 12.0.squareRoot()) < 0.003)
    }

    /// Files that promise one length must keep it, and two such files must agree, as in TSV.
    @Test func equalLengthFilesMustKeepTheirLength() {
        #expect(throws: TrainingError.raggedRow(source: "train", row: 10, count: 2, expected: 3)) {
            try TSFormat.split(trainText: header() + "1,2,3:1\n1,2:2\n", testText: header() + "1,2,3:1\n")
        }
        #expect(throws: TrainingError.lengthMismatch(train: 3, test: 2)) {
            try TSFormat.split(trainText: header() + "1,2,3:1\n4,5,6:2\n", testText: header() + "1,2:1\n")
        }
    }

    // MARK: What xent does not read

    @Test func multivariateFilesAreRejectedWithTheirChannelCount() {
        let declared = header().replacingOccurrences(of: "@univariate true", with: "@univariate false\n@dimensions 12")
        #expect(throws: TrainingError.multivariateSeries(source: "JapaneseVowels_TRAIN.ts", channels: 12)) {
            try TSFormat.parse(declared + "1,2:3,4:1\n", source: "JapaneseVowels_TRAIN.ts")
        }
        // Without @dimensions the first row tells; a row with channels in a univariate file is the same error.
        let undeclared = header().replacingOccurrences(of: "@univariate true", with: "@univariate false")
        #expect(throws: TrainingError.multivariateSeries(source: "a.ts", channels: 3)) {
            try TSFormat.parse(undeclared + "1,2:3,4:5,6:1\n", source: "a.ts")
        }
        #expect(throws: TrainingError.multivariateSeries(source: "a.ts", channels: 2)) {
            try TSFormat.parse(header() + "1,2:2\n1,2:3,4:1\n", source: "a.ts")
        }
        // One declared dimension is univariate.
        let one = header().replacingOccurrences(of: "@univariate true", with: "@univariate false\n@dimensions 1")
        #expect((try? TSFormat.parse(one + "1,2:1\n", source: "a.ts"))?.values == [1, 2])
        let message = TrainingError.multivariateSeries(source: "J.ts", channels: 12).description
        #expect(message.contains("J.ts") && message.contains("12 channels") && message.contains("univariate"))
    }

    /// Missing values are filled by linear interpolation between their neighbours (the first or last value
    /// present at the ends); a row with none present has no values.
    @Test func missingValuesAreInterpolated() throws {
        let table = try TSFormat.parse(header(equalLength: false) + "1,?,3,?,?,9:1\n?,2, NaN:2\n", source: "train")
        #expect(table.values == [1, 2, 3, 5, 7, 9, 2, 2, 2])
        #expect(throws: TrainingError.noValues(source: "train", row: 9)) {
            try TSFormat.parse(header() + "?,?:1\n", source: "train")
        }
        #expect([Float(1), .nan, .nan, 4].fillingMissingValues() == [1, 2, 3, 4])
        #expect([Float.nan, 5, .nan].fillingMissingValues() == [5, 5, 5])
        #expect([Float(0.1), .nan, 0.3].fillingMissingValues() == [0.1, Float(0.2), 0.3])
        #expect([Float.nan, .nan].fillingMissingValues() == nil)
        #expect([Float]().fillingMissingValues() == nil)
    }

    // MARK: Malformed files

    @Test func malformedDataLinesNameTheRowAndWhatWasExpected() throws {
        func error(_ text: String) -> TrainingError? {
            do {
                _ = try TSFormat.parse(text, source: "f.ts")
                return nil
            } catch {
                return error
            }
        }
        // Header rows 1...8, data from row 9.
        #expect(error(header() + "1,2,3\n") == .malformedLine(
            source: "f.ts", row: 9, found: "no ':' before a class label",
            expected: "the values, then ':' and the class label"))
        #expect(error(header() + "1,2,3:\n") == .malformedLine(
            source: "f.ts", row: 9, found: "no class label after the last ':'",
            expected: "a class label from @classLabel (1, 2)"))
        #expect(error(header() + "1,2,3:1\n1,x,3:2\n") == .malformedLine(
            source: "f.ts", row: 10, found: "value 2 'x' is not a number",
            expected: "decimal numbers separated by ','"))
        #expect(error(header() + "1,,3:1\n") == .malformedLine(
            source: "f.ts", row: 9, found: "value 2 '' is not a number", expected: "decimal numbers separated by ','"))
        #expect(error(header() + "1,inf,3:1\n") == .malformedLine(
            source: "f.ts", row: 9, found: "value 2 'inf' is not finite in Float", expected: "finite numbers"))
        #expect(error(header() + "1,1e39,3:1\n") == .malformedLine(
            source: "f.ts", row: 9, found: "value 2 '1e39' is not finite in Float", expected: "finite numbers"))
        #expect(error(header() + "1,2,3:3\n") == .malformedLine(
            source: "f.ts", row: 9, found: "label '3' is not in @classLabel", expected: "one of 1, 2"))
        #expect(error(header() + ":1\n") == .noValues(source: "f.ts", row: 9))
        #expect(error("# c\n1,2,3:1\n" + header()) == .malformedLine(
            source: "f.ts", row: 2, found: "'1,2,3:1' comes before @data",
            expected: "header lines (@keyword value) and # comments, then @data"))
        #expect(error("@problemName x\n@classLabel true 1 2\n") == .malformedLine(
            source: "f.ts", row: 3, found: "the file ends without an @data line",
            expected: "a header ending in @data, then the series"))
        #expect(error("") == .emptyFile(source: "f.ts"))
        #expect(error("# only a comment\n\n") == .emptyFile(source: "f.ts"))
        #expect(error(header()) == .emptyFile(source: "f.ts"))
        // Long lines are shortened in the message.
        let long = String(repeating: "1,", count: 100) + "1:1"
        guard case .malformedLine(_, _, let found, _)? = error(long + "\n" + header()) else {
            Issue.record("expected a malformed line")
            return
        }
        #expect(found.count < 70 && found.contains("…"))
    }

    @Test func malformedHeadersNameTheRowAndWhatWasExpected() {
        func error(_ text: String) -> TrainingError? {
            do {
                _ = try TSFormat.parse(text, source: "f.ts")
                return nil
            } catch {
                return error
            }
        }
        #expect(error("@univariate maybe\n@data\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@univariate maybe' has no true/false value",
            expected: "'@univariate true' or '@univariate false'"))
        #expect(error("@problemName p\n@data now\n") == .malformedLine(
            source: "f.ts", row: 2, found: "'@data now' has a value", expected: "'@data' alone on its line"))
        #expect(error("@univariate true\n@data\n1,2:1\n") == .malformedLine(
            source: "f.ts", row: 2, found: "@data without a @classLabel line",
            expected: "'@classLabel true' and the class names before @data"))
        #expect(error("@classLabel true\n@data\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@classLabel true' lists no class names",
            expected: "the class names after 'true'"))
        #expect(error("@classLabel false\n@data\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@classLabel false' declares no class labels",
            expected: "'@classLabel true' and the class names (xent trains classifiers)"))
        #expect(error("@targetlabel true\n@data\n1,2:0.5\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@targetlabel true' declares a regression target",
            expected: "'@classLabel true' and the class names (xent trains classifiers)"))
        #expect(error("@timeStamps true\n@classLabel true 1 2\n@data\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@timeStamps true' declares time-stamped values",
            expected: "'@timeStamps false' (xent reads plain values)"))
        #expect(error("@dimensions 0\n@data\n") == .malformedLine(
            source: "f.ts", row: 1, found: "'@dimensions 0' has no channel count",
            expected: "'@dimensions' and a positive count"))
    }

    @Test func labelsMissingFromTrainingAndTooFewClassesAreErrors() {
        #expect(throws: TrainingError.unseenLabel(source: "test", row: 10, label: "c")) {
            try TSFormat.split(trainText: header(classes: "a b c") + "1:a\n2:b\n",
                               testText: header(classes: "a b c") + "1:a\n2:c\n")
        }
        #expect(throws: TrainingError.tooFewClasses(count: 1)) {
            try TSFormat.split(trainText: header() + "1,2:1\n3,4:1\n", testText: header() + "1,2:1\n")
        }
    }

    @Test func errorDescriptionsAreOneLineWithoutFinalPeriod() {
        let errors: [TrainingError] = [
            .malformedLine(source: "a.ts", row: 3, found: "no ':' before a class label", expected: "a label"),
            .multivariateSeries(source: "a.ts", channels: 6),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(!error.description.hasSuffix("."))
            #expect(error.description.hasPrefix("a.ts: "))
        }
    }

    // MARK: Files

    /// `UCRArchive.load` picks the reader by extension, in any case, and a `.ts` file pairs with a TSV file.
    @Test func loadPicksTheReaderByExtension() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("TSFormatTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ts = directory.appendingPathComponent("Set_TRAIN.ts")
        let upper = directory.appendingPathComponent("Set_TEST.TS")
        let tsv = directory.appendingPathComponent("Set_TEST.tsv")
        try (header() + "1,2,3:1\n3,2,1:2\n").write(to: ts, atomically: true, encoding: .utf8)
        try (header() + "1,2,4:2\n").write(to: upper, atomically: true, encoding: .utf8)
        try "2\t1\t2\t4\n".write(to: tsv, atomically: true, encoding: .utf8)
        let pair = try UCRArchive.load(trainPath: ts.path, testPath: upper.path, zNormalize: false)
        let mixed = try UCRArchive.load(trainPath: ts.path, testPath: tsv.path, zNormalize: false)
        #expect(pair.test == mixed.test)
        #expect(mixed.test.labels == [1] && mixed.test.values == [1, 2, 4])
        #expect(throws: TrainingError.multivariateSeries(source: ts.path, channels: 2)) {
            try (header() + "1,2:3,4:1\n").write(to: ts, atomically: true, encoding: .utf8)
            _ = try UCRArchive.load(trainPath: ts.path, testPath: tsv.path)
        }
    }

    /// Seeded mutations of a fixture (characters of the format inserted, deleted and replaced) either parse or
    /// throw a `TrainingError`; none traps.
    @Test func mutatedFilesNeverTrap() {
        let fixture = Array(header(classes: "a 1 b", equalLength: false) + "1,2.5,-3:a\n4e1,5,6,7:1\n8:b\n")
        let alphabet = Array(":,?@#%\n\r\t 1-.eEaxNn")
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            var text = fixture
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<text.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text.remove(at: at)
                case 1: text.insert(alphabet.randomElement(using: &generator) ?? "1", at: at)
                default: text[at] = alphabet.randomElement(using: &generator) ?? "1"
                }
            }
            // Any failure is a TrainingError by type (split throws(TrainingError)); what is tested is that none traps.
            _ = try? TSFormat.split(trainText: String(text), testText: String(text), zNormalize: true)
        }
    }
}
