import ArgumentParser

struct KLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kl", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'kl' is in progress in this build", exitCode: .software)
    }
}
