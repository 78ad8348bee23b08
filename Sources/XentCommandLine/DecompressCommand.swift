import ArgumentParser

struct DecompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decompress", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'decompress' is in progress in this build", exitCode: .software)
    }
}
