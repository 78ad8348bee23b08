import ArgumentParser
import Foundation

/// The `xent` command: parses, calls the library, prints text or JSON. It holds no math.
@main
struct XentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xent",
        abstract: "Entropy, cross-entropy and the classification losses of deep learning.",
        discussion: """
            Every subcommand takes --json (one JSON object on stdout) and --help (with an example).
            Exit status: 0 success; 64 bad arguments; 65 bad input data; 66 an input file that cannot be \
            read; 73 an output file that cannot be written; 70 an internal error.
            """,
        version: "0.1.0",
        subcommands: [
            EntropyCommand.self,
            CrossEntropyCommand.self,
            KLCommand.self,
            JSCommand.self,
            MutualInformationCommand.self,
            CodeCommand.self,
            CompressCommand.self,
            DecompressCommand.self,
            LossCommand.self,
            TrainCommand.self,
            DemoCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs the command with the CLI contract's error handling: one line on stderr, a documented exit status,
    /// never a stack trace. Everything goes through ``StandardOutput`` and ``StandardError``: a failed write to
    /// stdout (help text included) is exit status 73, a failed write to stderr never changes the status.
    static func main() {
        StandardStreams.prepare()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            try checkSubcommand(arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as CLIError {
            printError("xent: error: \(error.message)")
            Foundation.exit(error.exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own full text, on stdout.
                let text = fullMessage(for: error)
                do throws(CLIError) {
                    if !text.isEmpty { try printLine(text) }
                } catch {
                    printError("xent: error: \(error.message)")
                    Foundation.exit(error.exitCode.rawValue)
                }
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
                .split(separator: "\n", omittingEmptySubsequences: true)
                .first.map(String.init) ?? "\(error)"
            printError("xent: \(message.hasPrefix("Error:") ? "error:" + message.dropFirst(6) : message)")
            Foundation.exit(code == .validationFailure ? CLIExitCode.usage.rawValue : code.rawValue)
        }
    }

    /// Refuses an empty (or blank) first argument where a subcommand is expected (exit 64), rather than leaving
    /// it to the parser.
    static func checkSubcommand(_ arguments: [String]) throws(CLIError) {
        guard let first = arguments.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        throw .badArgument("SUBCOMMAND", first, expected: "one of " + names.joined(separator: ", "))
    }
}
