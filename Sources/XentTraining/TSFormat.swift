import Foundation
import XentKernels

/// Reads the `.ts` format of aeon and sktime, in which the time series classification archive also ships its sets.
///
/// A file is a header, an `@data` line, then one series per line:
///
/// ```
/// # GunPoint, from timeseriesclassification.com
/// @problemName GunPoint
/// @timeStamps false
/// @missing false
/// @univariate true
/// @equalLength true
/// @seriesLength 150
/// @classLabel true 1 2
/// @data
/// -0.6478854,-0.64199155,…,-0.64164567:2
/// ```
///
/// The header, as aeon's `load_from_ts_file` reads it:
/// - keywords are case-insensitive; lines that start with `#` or `%` are comments and blank lines are skipped,
///   anywhere in the file;
/// - `@classLabel true` lists the class names and is required (`@classLabel false`, and `@targetLabel true` for a
///   regression target, are errors: xent trains classifiers);
/// - `@univariate`, `@equalLength`, `@missing`, `@timeStamps` and `@targetLabel` take `true` or `false`
///   (`@equalLength` defaults to `true`; `@timeStamps true` is an error, xent reads plain values only);
///   `@dimensions` takes a positive count; `@problemName`, `@seriesLength` and unknown keywords are read past
///   (the rows decide the length, as in aeon).
///
/// Each data line holds the channels separated by `:`, the values of a channel separated by `,` (spaces around them
/// are allowed), and the class label after the final `:`. xent reads:
/// - univariate series: a header with more than one dimension (`@univariate false` with `@dimensions 12`), or a row
///   with more than one channel, is ``TrainingError/multivariateSeries(source:channels:)``;
/// - missing values (`?` or NaN) filled by linear interpolation between their neighbours (a row with no value
///   present is ``TrainingError/noValues(source:row:)``);
/// - labels declared in `@classLabel`, written as there or as the same number (`1.0` for `1`).
///
/// Other faults (a data line before `@data`, a file without `@data`, a row without a label, a value that is not a
/// finite number, a label not in `@classLabel`, a malformed header line) are
/// ``TrainingError/malformedLine(source:row:found:expected:)``. Rows in errors are the file's 1-based line numbers,
/// comments and header included. No input traps.
public enum TSFormat {
    /// Whether `path` names a `.ts` file (the extension, in any case); other files are read as the UCR TSV format.
    public static func reads(_ path: String) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "ts"
    }

    /// Builds a split from the text of a TRAIN and a TEST `.ts` file, with one label map for both.
    ///
    /// Classes are the distinct TRAIN labels. When they are all numbers they are sorted numerically and named as
    /// the TSV reader names them (`1`, `-1`; `1.0` reads as `1`), so a `.ts` file and a TSV file of the same series
    /// give equal datasets. Otherwise they keep the order of TRAIN's `@classLabel` line. A TEST label is mapped by the
    /// same text or number; one that no TRAIN series has is ``TrainingError/unseenLabel(source:row:label:)``, and
    /// fewer than two TRAIN classes is ``TrainingError/tooFewClasses(count:)``.
    ///
    /// Lengths: when both files have series of one length, the two lengths must agree
    /// (``TrainingError/lengthMismatch(train:test:)``). When either file says `@equalLength false` (or, for a TSV
    /// file, pads rows with NaN), every series of both splits is brought to the length of the longest TRAIN series
    /// as the archive makes its variable-length sets equal in length: a shorter series is padded at its end with
    /// its mean plus uniform noise one tenth of its standard deviation wide (seeded, so a file always reads the same),
    /// and a TEST series longer than every TRAIN series is cut to that length. The time scale is kept (a gesture that
    /// takes longer stays longer), which on every unequal-length set measured classified better than stretching the
    /// series to one length (see the training guide). Padding comes before z-normalisation.
    ///
    /// - Parameters:
    ///   - trainText: the text of the TRAIN file.
    ///   - trainSource: the name errors give the TRAIN text (its path, for a file).
    ///   - testText: the text of the TEST file.
    ///   - testSource: the name errors give the TEST text.
    ///   - zNormalize: z-normalise each series after padding, as
    ///     ``UCRArchive/load(trainPath:testPath:zNormalize:)`` does.
    public static func split(
        trainText: String, trainSource: String = "train", testText: String, testSource: String = "test",
        zNormalize: Bool = false
    ) throws(TrainingError) -> UCRSplit {
        try split(
            train: parse(trainText, source: trainSource), trainSource: trainSource,
            test: parse(testText, source: testSource), testSource: testSource, zNormalize: zNormalize)
    }

    /// Builds a split from two parsed files (each `.ts` or TSV), with the classes and lengths of
    /// ``split(trainText:trainSource:testText:testSource:zNormalize:)``; a TSV table declares no classes and one
    /// length.
    static func split(
        train: Table, trainSource: String, test: Table, testSource: String, zNormalize: Bool
    ) throws(TrainingError) -> UCRSplit {
        var seen = Set<String>()
        var present = [String]()
        for label in train.labels where seen.insert(label).inserted { present.append(label) }

        let names: [String]
        let classOf: (String) -> Int?
        let numbers = present.compactMap(finiteNumber)
        if numbers.count == present.count {
            let distinct = Set(numbers).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            names = distinct.map(UCRArchive.labelText)
            classOf = { finiteNumber($0).flatMap { index[$0] } }
        } else {
            var order = [String]()
            var placed = Set<String>()
            for label in (train.declaredClasses ?? []) + present
                where seen.contains(label) && placed.insert(label).inserted {
                order.append(label)
            }
            let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            names = order
            classOf = { index[$0] }
        }
        guard names.count >= 2 else { throw TrainingError.tooFewClasses(count: names.count) }

        func classes(of table: Table, source: String) throws(TrainingError) -> [Int] {
            try zip(table.labels, table.rows).map { (label, row) throws(TrainingError) -> Int in
                guard let k = classOf(label) else {
                    throw TrainingError.unseenLabel(source: source, row: row, label: label)
                }
                return k
            }
        }
        let trainLabels = try classes(of: train, source: trainSource)
        let testLabels = try classes(of: test, source: testSource)

        let length: Int
        if train.hasEqualLength && test.hasEqualLength {
            guard train.longest == test.longest else {
                throw TrainingError.lengthMismatch(train: train.longest, test: test.longest)
            }
            length = train.longest
        } else {
            length = train.longest
        }
        var trainSet = try TimeSeriesDataset(
            values: train.values(paddedTo: length, noiseSeed: 1), labels: trainLabels, length: length, classNames: names)
        var testSet = try TimeSeriesDataset(
            values: test.values(paddedTo: length, noiseSeed: 2), labels: testLabels, length: length, classNames: names)
        if zNormalize {
            trainSet = trainSet.zNormalized()
            testSet = testSet.zNormalized()
        }
        return UCRSplit(train: trainSet, test: testSet)
    }

    /// The series of one file, before labels are mapped to classes.
    struct Table: Sendable {
        /// The `@classLabel` names in file order, or `nil` for a TSV file (which declares none).
        var declaredClasses: [String]?
        /// Each series' label, as written (trimmed).
        var labels: [String] = []
        /// Each series' 1-based line number in the file.
        var rows: [Int] = []
        /// All values, one series after another.
        var values: [Float] = []
        /// Where each series ends in `values`.
        var ends: [Int] = []
        /// Whether the file promises series of one length (checked while reading).
        var hasEqualLength = true

        /// The number of values of the longest series.
        var longest: Int {
            var result = 0
            var start = 0
            for end in ends {
                result = Swift.max(result, end - start)
                start = end
            }
            return result
        }

        /// All series, each brought to `length` values: a shorter one padded at its end with its mean plus
        /// low-amplitude noise drawn from a generator seeded with `noiseSeed` (`paddedWithNoise(to:using:)`), a
        /// longer one cut to its first `length` values, the others unchanged.
        func values(paddedTo length: Int, noiseSeed: UInt64) -> [Float] {
            var result = [Float]()
            result.reserveCapacity(ends.count * length)
            var generator = SplitMix64(seed: noiseSeed)
            var start = 0
            for end in ends {
                let series = values[start..<end]
                if series.count == length {
                    result.append(contentsOf: series)
                } else {
                    result.append(contentsOf: series.paddedWithNoise(to: length, using: &generator))
                }
                start = end
            }
            return result
        }
    }

    /// The series of a UCR TSV text, as a table without declared classes (so a TSV file pairs with a `.ts` file);
    /// rows padded with NaN (the archive's variable-length sets) make a table of unequal lengths.
    static func table(tsv text: String, source: String) throws(TrainingError) -> Table {
        let parsed = try UCRArchive.parse(text, source: source)
        var table = Table(declaredClasses: nil)
        table.labels = parsed.labels.map(UCRArchive.labelText)
        table.rows = (0..<parsed.labels.count).map { $0 + 1 }
        table.values = parsed.values
        table.ends = parsed.ends
        let length = parsed.ends[0]
        table.hasEqualLength = parsed.ends.enumerated().allSatisfy { $1 == ($0 + 1) * length }
        return table
    }

    /// Reads the header and the series of one `.ts` text.
    static func parse(_ text: String, source: String) throws(TrainingError) -> Table {
        var header = Header()
        var table = Table()
        var inData = false
        var lastHeaderRow: Int?
        var row = 0
        var declaredTexts = Set<String>()
        var declaredNumbers = Set<Double>()

        func malformed(_ found: String, expected: String) -> TrainingError {
            .malformedLine(source: source, row: row, found: found, expected: expected)
        }

        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            row += 1
            let line = trimmed(Substring(String(decoding: bytes, as: UTF8.self)))
            guard let first = line.first, first != "#", first != "%" else { continue }
            if !inData {
                guard first == "@" else {
                    throw malformed("\(quoted(line)) comes before @data",
                                    expected: "header lines (@keyword value) and # comments, then @data")
                }
                lastHeaderRow = row
                inData = try header.read(line, malformed: malformed)
                if inData {
                    guard let classes = header.classes else {
                        throw malformed("@data without a @classLabel line",
                                        expected: "'@classLabel true' and the class names before @data")
                    }
                    if let channels = header.dimensions, channels > 1 {
                        throw TrainingError.multivariateSeries(source: source, channels: channels)
                    }
                    table.declaredClasses = classes
                    table.hasEqualLength = header.hasEqualLength
                    declaredTexts = Set(classes)
                    declaredNumbers = Set(classes.compactMap(finiteNumber))
                }
                continue
            }

            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2 else {
                throw malformed("no ':' before a class label", expected: "the values, then ':' and the class label")
            }
            let declared = table.declaredClasses ?? []
            let label = String(trimmed(parts[parts.count - 1]))
            guard !label.isEmpty else {
                throw malformed("no class label after the last ':'",
                                expected: "a class label from @classLabel (\(listed(declared)))")
            }
            guard parts.count == 2 else {
                throw TrainingError.multivariateSeries(source: source, channels: parts.count - 1)
            }
            let isDeclared = declaredTexts.contains(label)
                || finiteNumber(label).map { declaredNumbers.contains($0) } == true
            guard isDeclared else {
                throw malformed("label \(quoted(label[...])) is not in @classLabel",
                                expected: "one of \(listed(declared))")
            }
            let channel = trimmed(parts[0])
            guard !channel.isEmpty else { throw TrainingError.noValues(source: source, row: row) }
            let start = table.values.count
            var missing = false
            for (offset, field) in channel.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let position = offset + 1
                let text = trimmed(field)
                if text == "?" || text.lowercased() == "nan" {
                    table.values.append(.nan)
                    missing = true
                    continue
                }
                guard let value = Double(text) else {
                    throw malformed("value \(position) \(quoted(text)) is not a number",
                                    expected: "decimal numbers separated by ','")
                }
                guard value.isFinite, abs(value) <= Double(Float.greatestFiniteMagnitude) else {
                    throw malformed("value \(position) \(quoted(text)) is not finite in Float",
                                    expected: "finite numbers")
                }
                table.values.append(Float(value))
            }
            if missing, !table.values.fillMissingValues(from: start) {
                throw TrainingError.noValues(source: source, row: row)
            }
            let count = table.values.count - start
            if table.hasEqualLength, let firstEnd = table.ends.first, count != firstEnd {
                throw TrainingError.raggedRow(source: source, row: row, count: count, expected: firstEnd)
            }
            table.ends.append(table.values.count)
            table.labels.append(label)
            table.rows.append(row)
        }
        guard inData else {
            guard let lastHeaderRow else { throw TrainingError.emptyFile(source: source) }
            row = lastHeaderRow + 1
            throw malformed("the file ends without an @data line",
                            expected: "a header ending in @data, then the series")
        }
        guard !table.labels.isEmpty else { throw TrainingError.emptyFile(source: source) }
        return table
    }

    /// What the header lines say, as far as xent needs it.
    private struct Header {
        var classes: [String]?
        var dimensions: Int?
        var isUnivariate = true
        var hasEqualLength = true

        /// Reads one header line (trimmed, starting with `@`); returns whether it is the `@data` line.
        mutating func read(_ line: Substring, malformed: (String, String) -> TrainingError) throws(TrainingError) -> Bool {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let keywordToken = tokens.first else { return false }
            let keyword = keywordToken.dropFirst().lowercased()
            let value = tokens.count > 1 ? tokens[1].lowercased() : ""

            func flag() throws(TrainingError) -> Bool {
                guard tokens.count == 2, value == "true" || value == "false" else {
                    throw malformed("\(quoted(line)) has no true/false value",
                                    "'\(keywordToken) true' or '\(keywordToken) false'")
                }
                return value == "true"
            }

            switch keyword {
            case "data":
                guard tokens.count == 1 else {
                    throw malformed("\(quoted(line)) has a value", "'@data' alone on its line")
                }
                return true
            case "classlabel":
                switch value {
                case "true":
                    guard tokens.count > 2 else {
                        throw malformed("\(quoted(line)) lists no class names", "the class names after 'true'")
                    }
                    classes = tokens.dropFirst(2).map(String.init)
                case "false":
                    throw malformed("\(quoted(line)) declares no class labels",
                                    "'@classLabel true' and the class names (xent trains classifiers)")
                default:
                    throw malformed("\(quoted(line)) has no true/false value", "'@classLabel true' and the class names")
                }
            case "targetlabel":
                if try flag() {
                    throw malformed("\(quoted(line)) declares a regression target",
                                    "'@classLabel true' and the class names (xent trains classifiers)")
                }
            case "timestamps":
                if try flag() {
                    throw malformed("\(quoted(line)) declares time-stamped values",
                                    "'@timeStamps false' (xent reads plain values)")
                }
            case "univariate":
                isUnivariate = try flag()
            case "equallength":
                hasEqualLength = try flag()
            case "missing":
                _ = try flag()
            case "dimensions":
                guard tokens.count == 2, let count = Int(value), count > 0 else {
                    throw malformed("\(quoted(line)) has no channel count", "'@dimensions' and a positive count")
                }
                dimensions = count
            default:
                break  // @problemName, @seriesLength and unknown keywords, as aeon reads them
            }
            return false
        }
    }

    /// The number a label or value names, if it is a finite one (`1`, `1.0`, `-2e3`).
    private static func finiteNumber(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `text` without surrounding spaces, tabs and carriage returns.
    private static func trimmed(_ text: Substring) -> Substring {
        func isSpace(_ character: Character) -> Bool {
            character == " " || character == "\t" || character == "\r" || character == "\r\n"
        }
        var result = text
        while let first = result.first, isSpace(first) { result.removeFirst() }
        while let last = result.last, isSpace(last) { result.removeLast() }
        return result
    }

    /// `text` in quotes, shortened to 40 characters, for one-line errors.
    private static func quoted(_ text: Substring) -> String {
        text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
    }

    /// Class names for an error message: all of them, or the first ten and a count.
    private static func listed(_ names: [String]) -> String {
        names.count > 10
            ? names.prefix(10).joined(separator: ", ") + " … (\(names.count) names)"
            : names.joined(separator: ", ")
    }
}
