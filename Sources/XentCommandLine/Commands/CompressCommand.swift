import ArgumentParser
import Foundation
import XentCompression
import XentInformationTheory

struct CompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress a file with an adaptive model and an arithmetic coder.",
        discussion: """
            The compressed size is the model's cross-entropy on the file, bit for bit (plus 64 bytes, and 28 per \
            MiB of input: headers and checksums). Input and output are streamed in frames of 1 MiB: memory is the \
            model's (below) plus a few MiB, whatever the input's size, and a pipe works. \
            With no FILE (or '-'), reads stdin and writes stdout, as gzip does; with a FILE, writes FILE.xnt \
            unless -o names the output. Refuses to write compressed data to a terminal.

            Models: cm (context mixing, the default), orderK (the adaptive order-K byte model, K in 0...8). \
            --level 1...9 sets the model's memory (cm: 2.1 MB at 1, 42 MB at 6, 315 MB at 9); \
            decompression needs the same memory.

            --threads N (N > 1) cuts the input into segments of 8 MiB, each coded with a fresh model, N at a \
            time: about N times faster on large inputs, but each segment's model starts cold, so the output is \
            larger (1.2% on 11 MB of Python source in two pieces). Memory: N models plus 2N segments. The \
            output is the same for any N > 1; 'decompress --threads N' decodes it N segments at a time.

            Example:
              xent compress alice29.txt --stats
              xent compress --model order2 < notes.txt > notes.txt.xnt
              xent compress data.bin -o data.xnt --json
              xent compress big.log --threads 2
            """
    )

    @Argument(help: "The file to compress (default: stdin).") var file: String?
    @Option(name: .shortAndLong, help: "The output file (default: FILE.xnt, or stdout when reading stdin).")
    var output: String?
    @Flag(name: [.customShort("c"), .customLong("stdout")], help: "Write to stdout even when FILE is named.")
    var toStdout = false
    @Option(help: "The model: cm, order0, order2 (any orderK, K in 0...8).") var model = "cm"
    @Option(parsing: .unconditional, help: "The memory level, 1...9.") var level = 6
    @Option(help: "Segments coded at once, 1...64 (more than 1: independent segments of 8 MiB).") var threads = 1
    @Flag(help: "Print bits per byte achieved and the order-0 byte entropy (stderr when writing to stdout).")
    var stats = false
    @Flag(help: "Replace an existing output file.") var force = false
    @Flag(help: "Print one JSON object on stdout (needs an output file).") var json = false

    func run() throws {
        guard CompressionModel.levels.contains(level) else {
            throw CLIError.badArgument("--level", String(level), expected: "an integer in 1...9")
        }
        guard CompressingStream.threadCounts.contains(threads) else {
            throw CLIError.badArgument("--threads", String(threads), expected: "an integer in 1...64")
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
        let input = try CompressFiles.open(file, argument: "FILE")
        // Timed from before the model's tables are allocated, as decompress is.
        let start = Date()
        let stream: CompressingStream
        do {
            stream = try CompressingStream(
                model: chosen, segmentLength: threads > 1 ? CompressingStream.defaultSegmentLength : nil,
                threads: threads)
        } catch {
            throw CLIError.badData("--model", error)
        }
        let out = try StreamOutput(path: destination, force: force, argument: "--output")
        let progress = CompressFiles.progress(verb: "compress", total: input.regularFileSize)
        var histogram = ByteHistogram()
        try CompressFiles.forEachChunk(of: input, argument: "FILE") { (chunk) throws(CLIError) in
            histogram.add(chunk)
            stream.write(chunk) { out.write($0) }
            try out.check()
            progress?(Int(stream.bytesIn))
        }
        stream.finish { out.write($0) }
        try out.commit()
        let seconds = Date().timeIntervalSince(start)
        CompressFiles.endProgress(progress)
        let inputCount = Int(stream.bytesIn)
        let outputCount = Int(stream.bytesOut)

        let bitsPerByte = inputCount == 0 ? 0 : Double(outputCount * 8) / Double(inputCount)
        // The order-0 entropy through the same path as `xent entropy --file`; 0 for an empty input, as the
        // figures per byte above.
        let entropy = inputCount == 0 ? 0 : try histogram.entropy().value
        if json {
            let object: JSONValue = .object([
                ("value", .number(bitsPerByte)),
                ("unit", .string("bits/byte")),
                ("input_bytes", .integer(inputCount)),
                ("output_bytes", .integer(outputCount)),
                ("ratio", .number(outputCount == 0 ? 0 : Double(inputCount) / Double(outputCount))),
                ("order0_entropy", .number(entropy)),
                ("model", .string(model.lowercased())),
                ("level", .integer(level)),
                ("threads", .integer(threads)),
                ("seconds", .number(seconds)),
                ("output", .string(destination ?? "-")),
            ])
            try printLine(object.text)
        } else if stats {
            let lines = [
                "input           \(inputCount) bytes",
                "output          \(outputCount) bytes (\(NumberText.fixed(inputCount == 0 ? 0 : 100 * Double(outputCount) / Double(inputCount), 2))% of input)",
                "achieved        \(NumberText.fixed(bitsPerByte, 4)) bits/byte (\(chosen))",
                "order-0 entropy \(NumberText.fixed(entropy, 4)) bits/byte",
                "time            \(NumberText.fixed(seconds, 3)) s (\(NumberText.fixed(seconds > 0 ? Double(inputCount) / seconds / 1e6 : 0, 2)) MB/s)",
            ]
            for line in lines {
                if destination == nil { printError(line) } else { try printLine(line) }
            }
        }
    }
}
