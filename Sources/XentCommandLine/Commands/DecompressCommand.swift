import ArgumentParser
import Foundation
import XentCompression

struct DecompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompress",
        abstract: "Decompress a container written by 'xent compress'.",
        discussion: """
            With no FILE (or '-'), reads stdin and writes stdout, as gzip does; with FILE.xnt, writes FILE \
            unless -o names the output. A corrupt or truncated container is reported (exit status 65) and \
            nothing is written.

            Example:
              xent decompress alice29.txt.xnt -o alice29.copy.txt
              xent decompress < notes.txt.xnt > notes.txt
            """
    )

    @Argument(help: "The container to decompress (default: stdin).") var file: String?
    @Option(name: .shortAndLong, help: "The output file (default: FILE without .xnt, or stdout).") var output: String?
    @Flag(name: [.customShort("c"), .customLong("stdout")], help: "Write to stdout even when FILE is named.")
    var toStdout = false
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
        let container = try CompressFiles.read(file, argument: "FILE")
        let start = Date()
        let progress = CompressFiles.progress(verb: "decompress", size: container.count * 3, total: nil)
        let data: [UInt8]
        do {
            data = try Compressor.decompress(container, progress: progress)
        } catch {
            CompressFiles.endProgress(progress)
            throw CLIError.badData(file ?? "stdin", error)
        }
        CompressFiles.endProgress(progress)
        let seconds = Date().timeIntervalSince(start)
        try CompressFiles.write(data, to: destination, force: force, argument: "--output")
        if json {
            let object: JSONValue = .object([
                ("value", .integer(data.count)),
                ("unit", .string("bytes")),
                ("input_bytes", .integer(container.count)),
                ("output_bytes", .integer(data.count)),
                ("bits_per_byte", .number(data.isEmpty ? 0 : Double(container.count * 8) / Double(data.count))),
                ("seconds", .number(seconds)),
                ("output", .string(destination ?? "-")),
            ])
            try printLine(object.text)
        }
    }
}
