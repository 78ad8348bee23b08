import Foundation
import XentTensorIO

/// The one path by which `xent` writes to stdout and stderr: `write(2)` with interrupted and partial writes
/// retried (`FileDescriptorWriter`), never Foundation's trapping `FileHandle.write`.
///
/// A failed write to stdout (a full disk, a closed descriptor) is a ``CLIError`` with exit status 73. A failed write
/// to stderr is ignored after it was tried: there is nowhere left to report it, and the exit status already says
/// what happened.
enum StandardStreams {
    /// Whether descriptors 0, 1 and 2 were closed when `xent` started. Each closed one is then opened on
    /// `/dev/null`, so that no file the command opens lands on it (and is written as if it were stdout); writes to a
    /// stdout that was closed still fail, and reads of a closed stdin fail, as they would have.
    static let closedAtLaunch: [Bool] = ([0, 1, 2] as [Int32]).map { fd in
        guard fcntl(fd, F_GETFD) == -1, errno == EBADF else { return false }
        let placeholder = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
        if placeholder >= 0, placeholder != fd {
            _ = dup2(placeholder, fd)
            close(placeholder)
        }
        return true
    }

    /// Called first by `main`: notes the closed descriptors and lets writes past a file size limit fail with
    /// EFBIG (an error the command reports) instead of killing the process with SIGXFSZ.
    static func prepare() {
        _ = closedAtLaunch
        signal(SIGXFSZ, SIG_IGN)
    }
}

/// Writing to stdout: every byte, or exit status 73 naming the cause.
enum StandardOutput {
    static func write(_ bytes: UnsafeRawBufferPointer) throws(CLIError) {
        if StandardStreams.closedAtLaunch[1] {
            throw CLIError("stdout: cannot write: \(String(cString: strerror(EBADF)))", exitCode: .cannotCreate)
        }
        do throws(TensorFileError) {
            try FileDescriptorWriter.write(bytes, to: 1, name: "stdout")
        } catch {
            if case .cannotWrite(_, let reason) = error {
                throw CLIError("stdout: cannot write: \(reason)", exitCode: .cannotCreate)
            }
            throw CLIError("stdout: \(error)", exitCode: .cannotCreate)
        }
    }

    static func write(_ bytes: [UInt8]) throws(CLIError) {
        let outcome: Result<Void, CLIError> = bytes.withUnsafeBytes { buffer in
            do throws(CLIError) { return .success(try write(buffer)) } catch { return .failure(error) }
        }
        try outcome.get()
    }

    static func write(_ text: String) throws(CLIError) {
        try write(Array(text.utf8))
    }
}

/// Writing to stderr: tried once, failures ignored (see ``StandardStreams``).
enum StandardError {
    static func write(_ text: String) {
        guard !StandardStreams.closedAtLaunch[2] else { return }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            _ = try? FileDescriptorWriter.write(buffer, to: 2, name: "stderr")
        }
    }
}

/// Writes a line to stdout; exit status 73 when it cannot.
func printLine(_ s: String) throws(CLIError) {
    try StandardOutput.write(s + "\n")
}

/// Writes a line to stderr (warnings, progress); a failure is ignored.
func printError(_ s: String) {
    StandardError.write(s + "\n")
}

/// Whether stderr is a terminal (progress is shown only then).
var stderrIsTerminal: Bool { isatty(2) != 0 }
