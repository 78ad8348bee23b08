import ArgumentParser

struct CrossEntropyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cross-entropy", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'cross-entropy' is in progress in this build", exitCode: .software)
    }
}
