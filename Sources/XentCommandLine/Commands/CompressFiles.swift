import Foundation
import XentCompression

/// File and stream plumbing shared by `xent compress` and `xent decompress`.
enum CompressFiles {
    /// The file name suffix of containers.
    static let suffix = ".xnt"

    /// The bytes of `path`, or of stdin when `path` is nil or "-" (read to the end, once: pipes and FIFOs work).
    static func read(_ path: String?, argument: String) throws(CLIError) -> [UInt8] {
        try InputFile.bytes(path ?? "-", argument: argument, dashIsStdin: true)
    }

    /// Fails early (before any work) when `path` exists and `force` is not set, or cannot be created.
    static func checkDestination(_ path: String?, force: Bool, argument: String) throws(CLIError) {
        guard let path else { return }
        try OutputFile.check(path, replacing: force, argument: argument)
    }

    /// Writes `bytes` to `path` (refusing to replace an existing file unless `force`), or to stdout when nil.
    /// A file is written completely or not at all (``OutputFile``).
    static func write(_ bytes: [UInt8], to path: String?, force: Bool, argument: String) throws(CLIError) {
        guard let path else {
            try StandardOutput.write(bytes)
            return
        }
        try OutputFile.write(bytes, to: path, replacing: force, argument: argument)
    }

    /// Whether stdout is a terminal.
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// A progress reporter on stderr for inputs of 4 MiB or more (`size`), when stderr is a terminal; nil
    /// otherwise. `total` is the number of bytes the reports count up to, when known.
    static func progress(verb: String, size: Int, total: Int?) -> ((Int) -> Void)? {
        guard stderrIsTerminal, size >= 4 << 20 else { return nil }
        return { done in
            var line = "\r\(verb): \(done >> 20) MiB"
            if let total, total > 0 { line += " of \(total >> 20) MiB (\(min(100, 100 * done / total))%)" }
            StandardError.write(line)
        }
    }

    /// Ends a progress line (when one was shown).
    static func endProgress(_ progress: ((Int) -> Void)?) {
        if progress != nil { StandardError.write("\r\u{1B}[K") }
    }

    /// Parses `--model`: `cm`, or `orderK` with K in 0...8.
    static func model(named name: String, level: Int) throws -> CompressionModel {
        let lowered = name.lowercased()
        let model: CompressionModel
        if lowered == "cm" {
            model = .contextMixing(level: level)
        } else if lowered.hasPrefix("order"), let k = Int(lowered.dropFirst(5)), CompressionModel.orders.contains(k) {
            model = .byteContext(order: k, level: level)
        } else {
            throw CLIError.badArgument("--model", name, expected: "cm or orderK with K in 0...8 (order0, order2)")
        }
        return model
    }
}
