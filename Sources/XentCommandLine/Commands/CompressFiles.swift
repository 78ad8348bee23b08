import Foundation
import XentCompression
import XentTensorIO

/// File and stream plumbing shared by `xent compress` and `xent decompress`.
enum CompressFiles {
    /// The file name suffix of containers.
    static let suffix = ".xnt"

    /// Opens `path`, or stdin when `path` is nil or "-" (exit 66 when it cannot be read).
    static func open(_ path: String?, argument: String) throws(CLIError) -> ReadableFile {
        try InputFile.open(path ?? "-", argument: argument, dashIsStdin: true)
    }

    /// Reads `file` to its end in chunks of 1 MiB (pipes and FIFOs work), calling `body` with each; exit 66 when a
    /// read fails. The chunk is valid only during the call.
    static func forEachChunk(
        of file: borrowing ReadableFile, argument: String,
        _ body: (UnsafeRawBufferPointer) throws(CLIError) -> Void
    ) throws(CLIError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do throws(TensorFileError) {
                count = try file.read(into: buffer)
            } catch {
                throw InputFile.cannotRead(argument, error)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Fails early (before any work) when `path` exists and `force` is not set, or cannot be created.
    static func checkDestination(_ path: String?, force: Bool, argument: String) throws(CLIError) {
        guard let path else { return }
        try OutputFile.check(path, replacing: force, argument: argument)
    }

    /// Whether stdout is a terminal.
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// A progress reporter on stderr for inputs of 4 MiB or more, when stderr is a terminal; nil otherwise.
    /// `total` is the number of bytes the reports count up to, when known; with no total (a pipe) the line
    /// appears once 4 MiB are done.
    static func progress(verb: String, total: Int?) -> ((Int) -> Void)? {
        guard stderrIsTerminal, (total ?? Int.max) >= 4 << 20 else { return nil }
        return { done in
            guard total != nil || done >= 4 << 20 else { return }
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
