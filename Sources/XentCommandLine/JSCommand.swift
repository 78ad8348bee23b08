import ArgumentParser

struct JSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "js", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'js' is in progress in this build", exitCode: .software)
    }
}
