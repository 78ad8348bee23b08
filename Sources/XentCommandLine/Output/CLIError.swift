/// The exit statuses of `xent` (the README documents them; scripts rely on them).
/// They follow BSD `sysexits.h`.
enum CLIExitCode: Int32 {
    /// Bad arguments: an unknown option, a value that does not parse or is out of range.
    case usage = 64
    /// Input data that is malformed: a ragged CSV, a corrupt `.npy` or container, an invalid distribution.
    case dataError = 65
    /// An input file that does not exist or cannot be read.
    case noInput = 66
    /// An internal error (a bug: please report it).
    case software = 70
    /// An output file that cannot be created or written.
    case cannotCreate = 73
}

/// An error the CLI reports as one line on stderr and a documented exit status.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: CLIExitCode

    init(_ message: String, exitCode: CLIExitCode = .usage) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A bad value for a named argument: "--base: '1' is not valid: expected a positive number other than 1".
    static func badArgument(_ argument: String, _ value: String, expected: String) -> CLIError {
        CLIError("\(argument): '\(value)' is not valid: expected \(expected)", exitCode: .usage)
    }

    /// Malformed input data, with the library's own one-line description.
    static func badData(_ argument: String, _ error: any Error) -> CLIError {
        CLIError("\(argument): \(error)", exitCode: .dataError)
    }

    var description: String { message }
}
