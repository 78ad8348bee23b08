import ArgumentParser

struct LossCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "loss", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'loss' is in progress in this build", exitCode: .software)
    }
}
