import ArgumentParser

struct CompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compress", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'compress' is in progress in this build", exitCode: .software)
    }
}
