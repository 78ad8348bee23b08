import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'train' is in progress in this build", exitCode: .software)
    }
}
