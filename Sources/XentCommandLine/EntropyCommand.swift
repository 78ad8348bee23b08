import ArgumentParser

struct EntropyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "entropy", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'entropy' is in progress in this build", exitCode: .software)
    }
}
