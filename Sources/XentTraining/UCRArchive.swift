import Foundation

/// A train/test pair from the UCR Time Series Classification Archive, with one label map for both.
public struct UCRSplit: Sendable {
    /// The TRAIN file's series.
    public var train: TimeSeriesDataset
    /// The TEST file's series, with labels mapped through the training set's map.
    public var test: TimeSeriesDataset

    /// The original label of each class index (`labelMap[k]` is the file's label for class `k`).
    public var labelMap: [String] { train.classNames }
}

/// Reads the UCR archive's TSV format: one series per line, the class label first, then the values, separated by
/// tabs (commas and spaces are accepted too, as some copies of the archive use them).
///
/// Labels are numbers; they are sorted numerically and mapped to `0..<K` (the map is the datasets' `classNames`).
/// Errors name the source, the row (1-based) and the column (1-based, the label is column 1).
/// ``load(trainPath:testPath:zNormalize:)`` reads `.ts` files with ``TSFormat`` instead.
public enum UCRArchive {
    /// Loads a TRAIN and a TEST file. Labels are mapped using TRAIN only; a TEST label unseen in TRAIN is an error.
    ///
    /// The extension picks the reader of each file: `.ts` (any case) is the aeon/sktime format read by ``TSFormat``
    /// (univariate series), anything else this TSV format; either way, series of unequal length are padded to
    /// the longest TRAIN series (see ``TSFormat``). A pair of TSV files gives exactly
    /// ``split(trainText:trainSource:testText:testSource:zNormalize:)``; a pair with a `.ts` file follows
    /// ``TSFormat``, which maps numeric labels the same way.
    ///
    /// - Parameters:
    ///   - trainPath: the path of the TRAIN file (`.tsv` or `.ts`).
    ///   - testPath: the path of the TEST file (`.tsv` or `.ts`).
    ///   - zNormalize: z-normalise each series (mean 0, sample standard deviation 1), as the archive's
    ///     published baselines do (a no-op, to rounding, on sets already normalised). Off by default: the feature
    ///     models read the series as stored (``ModelKind/normalizesSeriesByDefault``); the MLP and the CNN want it
    ///     on, as `xent train` sets it for them.
    public static func load(trainPath: String, testPath: String, zNormalize: Bool = false) throws(TrainingError) -> UCRSplit {
        try load(trainText: read(trainPath), trainPath: trainPath, testText: read(testPath), testPath: testPath,
                 zNormalize: zNormalize)
    }

    /// Builds a split from the text of a TRAIN and a TEST file already read (from a pipe, say), choosing each
    /// file's reader by its path's extension as ``load(trainPath:testPath:zNormalize:)`` does; errors name the
    /// paths.
    public static func load(
        trainText: String, trainPath: String, testText: String, testPath: String, zNormalize: Bool = false
    ) throws(TrainingError) -> UCRSplit {
        let trainIsTS = TSFormat.reads(trainPath)
        let testIsTS = TSFormat.reads(testPath)
        guard trainIsTS || testIsTS else {
            return try split(
                trainText: trainText, trainSource: trainPath, testText: testText, testSource: testPath,
                zNormalize: zNormalize)
        }
        func table(_ text: String, _ path: String, isTS: Bool) throws(TrainingError) -> TSFormat.Table {
            isTS ? try TSFormat.parse(text, source: path) : try TSFormat.table(tsv: text, source: path)
        }
        return try TSFormat.split(
            train: table(trainText, trainPath, isTS: trainIsTS), trainSource: trainPath,
            test: table(testText, testPath, isTS: testIsTS), testSource: testPath, zNormalize: zNormalize)
    }

    /// ECG5000, bundled with the library (500 training and 4500 test heartbeats of 140 samples, 5 classes).
    public static func ecg5000(zNormalize: Bool = false) throws(TrainingError) -> UCRSplit {
        guard let train = Bundle.module.url(forResource: "ECG5000_TRAIN", withExtension: "tsv", subdirectory: "Resources/ECG5000")
                ?? Bundle.module.url(forResource: "ECG5000_TRAIN", withExtension: "tsv"),
              let test = Bundle.module.url(forResource: "ECG5000_TEST", withExtension: "tsv", subdirectory: "Resources/ECG5000")
                ?? Bundle.module.url(forResource: "ECG5000_TEST", withExtension: "tsv")
        else { throw TrainingError.missingResource(name: "ECG5000") }
        return try load(trainPath: train.path, testPath: test.path, zNormalize: zNormalize)
    }

    /// Builds a split from the text of a TRAIN and a TEST file.
    ///
    /// Classes and lengths follow ``TSFormat/split(trainText:trainSource:testText:testSource:zNormalize:)``: a
    /// TEST label no TRAIN series has is ``TrainingError/unseenLabel(source:row:label:)``; when every series of both
    /// files has one length the two must agree (``TrainingError/lengthMismatch(train:test:)``), and when either file
    /// holds series of several lengths (rows padded with NaN at the end, as the archive stores its variable-length
    /// sets) every series is padded at its end, or cut, to the length of the longest TRAIN series, then
    /// z-normalised.
    public static func split(
        trainText: String, trainSource: String = "train", testText: String, testSource: String = "test",
        zNormalize: Bool = false
    ) throws(TrainingError) -> UCRSplit {
        try TSFormat.split(
            train: TSFormat.table(tsv: trainText, source: trainSource), trainSource: trainSource,
            test: TSFormat.table(tsv: testText, source: testSource), testSource: testSource, zNormalize: zNormalize)
    }

    /// The rows of one file: numeric labels, the values of all series one after another, and where each series
    /// ends in them.
    ///
    /// Every row has the same number of fields. A row may end in NaN fields: the archive pads its variable-length
    /// series to the file's width that way, so the series is the values before the padding. A NaN followed by a
    /// number is a missing value, filled by linear interpolation between its neighbours (`fillingMissingValues()`);
    /// infinities are ``TrainingError/nonFiniteValue(source:row:column:text:)``.
    ///
    /// Works on the UTF-8 bytes: fields are split on tabs, commas and spaces and each is read with `strtod`, which
    /// must consume the whole field.
    static func parse(_ text: String, source: String) throws(TrainingError) -> (labels: [Double], values: [Float], ends: [Int]) {
        var bytes = Array(text.utf8)
        bytes.append(0)
        var labels = [Double]()
        var values = [Float]()
        var ends = [Int]()
        var width = -1
        return try bytes.withUnsafeMutableBufferPointer { buffer throws(TrainingError) -> ([Double], [Float], [Int]) in
            guard let base = buffer.baseAddress else { throw TrainingError.emptyFile(source: source) }
            let end = buffer.count - 1
            var position = 0
            var row = 0
            func isSeparator(_ byte: UInt8) -> Bool { byte == 9 || byte == 44 || byte == 32 || byte == 13 }
            func text(_ from: Int, _ to: Int) -> String {
                String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
            }
            func isNaNField(_ from: Int, _ to: Int) -> Bool {  // "nan" in any case
                to - from == 3 && base[from] | 0x20 == 0x6E && base[from + 1] | 0x20 == 0x61
                    && base[from + 2] | 0x20 == 0x6E
            }
            /// Where the row's trailing run of NaN fields begins, and how many fields it holds: one pass from the
            /// end of the line, so a row of any length is read in linear time.
            func trailingNaNRun(_ from: Int, _ lineEnd: Int) -> (start: Int, fields: Int) {
                var start = lineEnd, fields = 0, p = lineEnd
                while p > from {
                    while p > from && isSeparator(base[p - 1]) { p -= 1 }
                    var q = p
                    while q > from && !isSeparator(base[q - 1]) { q -= 1 }
                    guard q < p, isNaNField(q, p) else { break }
                    start = q
                    fields += 1
                    p = q
                }
                return (start, fields)
            }
            while position < end {
                row += 1
                var lineEnd = position
                while lineEnd < end && base[lineEnd] != 10 { lineEnd += 1 }
                var column = 0
                var count = 0
                var padding = 0
                var missing = false
                var trailing: (start: Int, fields: Int)?
                let rowStart = values.count
                var label = 0.0
                var cursor = position
                while cursor < lineEnd {
                    while cursor < lineEnd && isSeparator(base[cursor]) { cursor += 1 }
                    guard cursor < lineEnd else { break }
                    var fieldEnd = cursor
                    while fieldEnd < lineEnd && !isSeparator(base[fieldEnd]) { fieldEnd += 1 }
                    column += 1
                    let saved = base[fieldEnd]
                    base[fieldEnd] = 0
                    var parsedEnd: UnsafeMutablePointer<CChar>?
                    let value = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                        strtod(chars + cursor, &parsedEnd)
                    }
                    base[fieldEnd] = saved
                    let consumed = parsedEnd.map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(base) } ?? cursor
                    guard consumed == fieldEnd else {
                        throw TrainingError.unparsableValue(source: source, row: row, column: column,
                                                            text: text(cursor, fieldEnd))
                    }
                    if value.isNaN, column > 1 {
                        // NaN to the end of the row is the padding of a shorter series; before a number, a
                        // missing value, filled when the row is complete.
                        let run = trailing ?? trailingNaNRun(position, lineEnd)
                        trailing = run
                        if cursor >= run.start {
                            padding = run.fields
                            break
                        }
                        values.append(.nan)
                        count += 1
                        missing = true
                        cursor = fieldEnd
                        continue
                    }
                    guard value.isFinite, abs(value) <= Double(Float.greatestFiniteMagnitude) || column == 1 else {
                        throw TrainingError.nonFiniteValue(source: source, row: row, column: column,
                                                           text: text(cursor, fieldEnd))
                    }
                    if column == 1 {
                        label = value
                    } else {
                        values.append(Float(value))
                        count += 1
                    }
                    cursor = fieldEnd
                }
                position = lineEnd + 1
                guard column > 0 else { continue }
                guard count > 0 else { throw TrainingError.noValues(source: source, row: row) }
                if missing, !values.fillMissingValues(from: rowStart) {
                    throw TrainingError.noValues(source: source, row: row)
                }
                if width < 0 { width = count + padding }
                guard count + padding == width else {
                    throw TrainingError.raggedRow(source: source, row: row, count: count + padding, expected: width)
                }
                labels.append(label)
                ends.append(values.count)
            }
            guard !labels.isEmpty else { throw TrainingError.emptyFile(source: source) }
            return (labels, values, ends)
        }
    }

    /// A label as text: integers without a fractional part (`1`, `-1`), others as written by Swift.
    static func labelText(_ label: Double) -> String {
        if label == label.rounded(), abs(label) < 1e15 { return String(Int64(label)) }
        return "\(label)"
    }

    private static func read(_ path: String) throws(TrainingError) -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw TrainingError.unreadableFile(path: path, reason: "not UTF-8 text")
            }
            return text
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError.unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
    }
}
