import Foundation
import XentTensorIO

/// Reading the input files of every command, with the CLI's exit statuses: 66 for a file that cannot be read
/// (missing, a directory, unreadable), 65 for one whose contents are not what was expected.
///
/// Every path is opened once and read to its end (`ReadableFile`), so pipes (`/dev/stdin`, `<(…)`) and FIFOs
/// are read like regular files; `-` (where a command says so) is stdin.
enum InputFile {
    /// The CLI error for a file that cannot be read: "ARGUMENT: cannot read 'PATH': REASON" (exit 66).
    static func cannotRead(_ argument: String, _ error: TensorFileError) -> CLIError {
        CLIError("\(argument): \(error)", exitCode: .noInput)
    }

    /// Opens `path` (stdin for `-` when `dashIsStdin`), or exits 66 naming the argument, the path and the reason.
    static func open(_ path: String, argument: String, dashIsStdin: Bool = false) throws(CLIError) -> ReadableFile {
        if dashIsStdin && path == "-" { return try standardInput(argument: argument) }
        do throws(TensorFileError) {
            return try ReadableFile(path: path)
        } catch {
            throw cannotRead(argument, error)
        }
    }

    /// Standard input, or exit 66 when it was closed.
    static func standardInput(argument: String) throws(CLIError) -> ReadableFile {
        if StandardStreams.closedAtLaunch[0] {
            throw CLIError("\(argument): cannot read 'stdin': \(String(cString: strerror(EBADF)))", exitCode: .noInput)
        }
        return ReadableFile(descriptor: 0, name: "stdin")
    }

    /// The whole file as bytes, or exit 66.
    static func bytes(_ path: String, argument: String, dashIsStdin: Bool = false) throws(CLIError) -> [UInt8] {
        let file = try open(path, argument: argument, dashIsStdin: dashIsStdin)
        return try readAll(file, argument: argument)
    }

    /// Everything left in an opened file, or exit 66.
    static func readAll(_ file: borrowing ReadableFile, argument: String) throws(CLIError) -> [UInt8] {
        do throws(TensorFileError) {
            return try file.readAll()
        } catch {
            throw cannotRead(argument, error)
        }
    }

    /// The file as UTF-8 text (without a leading byte-order mark), or exit 65 when it is not valid UTF-8.
    static func text(_ path: String, argument: String) throws(CLIError) -> String {
        let bytes = try bytes(path, argument: argument)
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw CLIError("\(argument): '\(path)' is not valid: expected UTF-8 text", exitCode: .dataError)
        }
        // A byte-order mark is not part of the first line.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Calls `body` with successive chunks of the file (for files too large to hold at once), or exits 66.
    static func forEachChunk(
        _ path: String, argument: String, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(CLIError) {
        let file = try open(path, argument: argument)
        do throws(TensorFileError) {
            try file.forEachChunk(body)
        } catch {
            throw cannotRead(argument, error)
        }
    }
}
