import XentTensorIO

/// Where `compress` and `decompress` write, piece by piece: a file written atomically (a temporary file beside it,
/// renamed on ``commit()``; removed if the command fails, so an existing file is untouched), or stdout.
///
/// ``write(_:)`` takes the stream encoders' and decoders' bytes, whose sinks cannot throw: the first failure is
/// kept, nothing more is written, and ``check()`` throws it (exit 73).
final class StreamOutput {
    private let file: AtomicFileWriter?
    private let argument: String
    private var failure: CLIError?

    /// Opens `path` for writing (replacing an existing file only when `force`), or stdout when nil.
    init(path: String?, force: Bool, argument: String) throws(CLIError) {
        self.argument = argument
        guard let path else {
            file = nil
            return
        }
        do throws(TensorFileError) {
            file = try AtomicFileWriter(path: path, replacing: force)
        } catch {
            throw OutputFile.error(error, argument: argument)
        }
    }

    /// Writes `bytes`, or keeps the failure for ``check()``.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !bytes.isEmpty else { return }
        guard let file else {
            do throws(CLIError) { try StandardOutput.write(bytes) } catch { failure = error }
            return
        }
        do throws(TensorFileError) {
            try file.write(bytes)
        } catch {
            failure = OutputFile.error(error, argument: argument)
        }
    }

    /// Throws the first write failure.
    func check() throws(CLIError) {
        if let failure { throw failure }
    }

    /// Throws the first write failure, or renames the finished file into place.
    func commit() throws(CLIError) {
        try check()
        do throws(TensorFileError) {
            try file?.commit()
        } catch {
            throw OutputFile.error(error, argument: argument)
        }
    }
}
