import ArgumentParser

struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "code", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'code' is in progress in this build", exitCode: .software)
    }
}
