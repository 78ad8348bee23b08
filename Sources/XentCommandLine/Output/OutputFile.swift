import XentTensorIO

/// Writing the output files of every command (containers, gradients, predictions, reports) through
/// `AtomicFile`: a file is written completely or not at all, an existing file is replaced only by a whole new
/// one (and only where the command allows it), and a failure is exit status 73 with one line that names the
/// argument, the path and the cause ("No space left on device").
enum OutputFile {
    /// Fails early (before any long work) when `path` exists and may not be replaced, is a directory, or its
    /// folder is missing or not writable.
    static func check(_ path: String, replacing: Bool, argument: String) throws(CLIError) {
        do throws(TensorFileError) {
            try AtomicFile.checkWritable(path, replacing: replacing)
        } catch {
            throw self.error(error, argument: argument)
        }
    }

    /// Writes `bytes` to `path`, replacing an existing file only when `replacing`.
    static func write(_ bytes: [UInt8], to path: String, replacing: Bool, argument: String) throws(CLIError) {
        do throws(TensorFileError) {
            try AtomicFile.write(bytes, to: path, replacing: replacing)
        } catch {
            throw self.error(error, argument: argument)
        }
    }

    /// Writes UTF-8 `text` to `path` (see ``write(_:to:replacing:argument:)-([UInt8],_,_,_)``).
    static func write(_ text: String, to path: String, replacing: Bool, argument: String) throws(CLIError) {
        try write(Array(text.utf8), to: path, replacing: replacing, argument: argument)
    }

    /// The CLI error for an output file that cannot be written (exit 73).
    static func error(_ error: TensorFileError, argument: String) -> CLIError {
        switch error {
        case .alreadyExists(let path):
            return CLIError(
                "\(argument): '\(path)' already exists: expected a new file name, or --force to replace it",
                exitCode: .cannotCreate)
        case .cannotWrite(let path, let reason):
            return CLIError("\(argument): cannot write '\(path)': \(reason)", exitCode: .cannotCreate)
        default:
            return CLIError("\(argument): \(error)", exitCode: .cannotCreate)
        }
    }
}
