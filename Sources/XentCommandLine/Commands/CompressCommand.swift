import ArgumentParser
import Foundation
import XentCompression
import XentInformationTheory

struct CompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress a file with an adaptive model and an arithmetic coder.",
        discussion: """
            The compressed size is the model's cross-entropy on the file, bit for bit (plus a 28-byte header). \
            With no FILE (or '-'), reads stdin and writes stdout, as gzip does; with a FILE, writes FILE.xnt \
            unless -o names the output. Refuses to write compressed data to a terminal.

            Models: cm (context mixing, the default), orderK (the adaptive order-K byte model, K in 0...8). \
            --level 1...9 sets the model's memory (cm: 1.8 MB at 1, 41 MB at 6, 315 MB at 9); \
            decompression needs the same memory.

            Example:
              xent compress alice29.txt --stats
              xent compress --model order2 < notes.txt > notes.txt.xnt
              xent compress data.bin -o data.xnt --json
            """
    )

    @Argument(help: "The file to compress (default: stdin).") var file: String?
    @Option(name: .shortAndLong, help: "The output file (default: FILE.xnt, or stdout when reading stdin).")
    var output: String?
    @Flag(name: [.customShort("c"), .customLong("stdout")], help: "Write to stdout even when FILE is named.")
    var toStdout = false
    @Option(help: "The model: cm, order0, order2 (any orderK, K in 0...8).") var model = "cm"
    @Option(parsing: .unconditional, help: "The memory level, 1...9.") var level = 6
    @Flag(help: "Print bits per byte achieved and the order-0 byte entropy (stderr when writing to stdout).")
    var stats = false
    @Flag(help: "Replace an existing output file.") var force = false
    @Flag(help: "Print one JSON object on stdout (needs an output file).") var json = false

    func run() throws {
        guard CompressionModel.levels.contains(level) else {
            throw CLIError.badArgument("--level", String(level), expected: "an integer in 1...9")
        }
        let chosen = try CompressFiles.model(named: model, level: level)
        let destination: String?
        if let output {
            destination = output == "-" ? nil : output
        } else if let file, file != "-", !toStdout {
            destination = file + CompressFiles.suffix
        } else {
            destination = nil
        }
        if destination == nil {
            if json {
                throw CLIError.badArgument("--json", "true", expected: "an output file (-o OUT): stdout holds the compressed data")
            }
            if CompressFiles.stdoutIsTerminal {
                throw CLIError(
                    "stdout: compressed data not written to a terminal: expected -o OUT or a redirect (see --help)",
                    exitCode: .usage)
            }
        }
        try CompressFiles.checkDestination(destination, force: force, argument: "--output")
        let input = try CompressFiles.read(file, argument: "FILE")
        let compressor = try Compressor(model: chosen)
        let progress = CompressFiles.progress(verb: "compress", size: input.count, total: input.count)
        let start = Date()
        let container: [UInt8]
        do {
            container = try compressor.compress(input, progress: progress)
        } catch {
            throw CLIError.badData("FILE", error)
        }
        let seconds = Date().timeIntervalSince(start)
        CompressFiles.endProgress(progress)
        try CompressFiles.write(container, to: destination, force: force, argument: "--output")

        let bitsPerByte = input.isEmpty ? 0 : Double(container.count * 8) / Double(input.count)
        // The order-0 entropy through the same path as `xent entropy --file`; 0 for an empty input, as the
        // figures per byte above.
        var histogram = ByteHistogram()
        histogram.add(input)
        let entropy = input.isEmpty ? 0 : try histogram.entropy().value
        if json {
            let object: JSONValue = .object([
                ("value", .number(bitsPerByte)),
                ("unit", .string("bits/byte")),
                ("input_bytes", .integer(input.count)),
                ("output_bytes", .integer(container.count)),
                ("ratio", .number(container.isEmpty ? 0 : Double(input.count) / Double(container.count))),
                ("order0_entropy", .number(entropy)),
                ("model", .string(model.lowercased())),
                ("level", .integer(level)),
                ("seconds", .number(seconds)),
                ("output", .string(destination ?? "-")),
            ])
            try printLine(object.text)
        } else if stats {
            let lines = [
                "input           \(input.count) bytes",
                "output          \(container.count) bytes (\(NumberText.fixed(input.isEmpty ? 0 : 100 * Double(container.count) / Double(input.count), 2))% of input)",
                "achieved        \(NumberText.fixed(bitsPerByte, 4)) bits/byte (\(chosen))",
                "order-0 entropy \(NumberText.fixed(entropy, 4)) bits/byte",
                "time            \(NumberText.fixed(seconds, 3)) s (\(NumberText.fixed(seconds > 0 ? Double(input.count) / seconds / 1e6 : 0, 2)) MB/s)",
            ]
            for line in lines {
                if destination == nil { printError(line) } else { try printLine(line) }
            }
        }
    }
}
