import ArgumentParser
import Foundation
import XentCompression

struct DecompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompress",
        abstract: "Decompress a container written by 'xent compress'.",
        discussion: """
            With no FILE (or '-'), reads stdin and writes stdout, as gzip does; with FILE.xnt, writes FILE \
            unless -o names the output. Decoding streams, frame by frame, in the model's memory plus a few MiB. A \
            corrupt or truncated container is reported (exit status 65) and no output file is left behind (an \
            existing one is untouched); to stdout, the frames verified before the damage have been written.

            --threads N decodes up to N segments of a stream written with 'compress --threads' at once, each on \
            its own thread (memory: N models and N segments); other streams decode on one thread.

            Example:
              xent decompress alice29.txt.xnt -o alice29.copy.txt
              xent decompress < notes.txt.xnt > notes.txt
              xent decompress big.log.xnt --threads 2
            """
    )

    @Argument(help: "The container to decompress (default: stdin).") var file: String?
    @Option(name: .shortAndLong, help: "The output file (default: FILE without .xnt, or stdout).") var output: String?
    @Flag(name: [.customShort("c"), .customLong("stdout")], help: "Write to stdout even when FILE is named.")
    var toStdout = false
    @Option(help: "Segments of a segmented stream decoded at once, 1...64.") var threads = 1
    @Flag(help: "Replace an existing output file.") var force = false
    @Flag(help: "Print one JSON object on stdout (needs an output file).") var json = false

    func run() throws {
        let destination: String?
        if let output {
            destination = output == "-" ? nil : output
        } else if let file, file != "-", !toStdout {
            guard file.hasSuffix(CompressFiles.suffix), file.count > CompressFiles.suffix.count else {
                throw CLIError.badArgument("FILE", file, expected: "a name ending in .xnt, or -o OUT")
            }
            destination = String(file.dropLast(CompressFiles.suffix.count))
        } else {
            destination = nil
        }
        if destination == nil && json {
            throw CLIError.badArgument("--json", "true", expected: "an output file (-o OUT): stdout holds the data")
        }
        try CompressFiles.checkDestination(destination, force: force, argument: "--output")
        let input = try CompressFiles.open(file, argument: "FILE")
        let stream: DecompressingStream
        do {
            stream = try DecompressingStream(threads: threads)  // throws only for a count outside 1...64
        } catch {
            throw CLIError.badArgument("--threads", String(threads), expected: "an integer in 1...64")
        }
        let out = try StreamOutput(path: destination, force: force, argument: "--output")
        let progress = CompressFiles.progress(verb: "decompress", total: nil)
        let start = Date()
        let name = file ?? "stdin"
        try CompressFiles.forEachChunk(of: input, argument: "FILE") { (chunk) throws(CLIError) in
            do throws(CompressionError) {
                try stream.write(chunk) { out.write($0) }
            } catch {
                CompressFiles.endProgress(progress)
                throw CLIError.badData(name, error)
            }
            try out.check()
            progress?(Int(stream.bytesOut))
        }
        do throws(CompressionError) {
            try stream.finish { out.write($0) }
        } catch {
            CompressFiles.endProgress(progress)
            throw CLIError.badData(name, error)
        }
        try out.commit()
        CompressFiles.endProgress(progress)
        let seconds = Date().timeIntervalSince(start)
        let inputCount = Int(stream.bytesIn)
        let outputCount = Int(stream.bytesOut)
        if json {
            let object: JSONValue = .object([
                ("value", .integer(outputCount)),
                ("unit", .string("bytes")),
                ("input_bytes", .integer(inputCount)),
                ("output_bytes", .integer(outputCount)),
                ("bits_per_byte", .number(outputCount == 0 ? 0 : Double(inputCount * 8) / Double(outputCount))),
                ("seconds", .number(seconds)),
                ("output", .string(destination ?? "-")),
            ])
            try printLine(object.text)
        }
    }
}
