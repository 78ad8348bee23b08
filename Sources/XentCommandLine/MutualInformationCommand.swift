import ArgumentParser

struct MutualInformationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mutual-information", abstract: "(in progress)")

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        throw CLIError("'mutual-information' is in progress in this build", exitCode: .software)
    }
}
