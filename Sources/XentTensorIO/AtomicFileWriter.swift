#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written in pieces, completely or not at all: the streaming form of ``AtomicFile``, for output too large
/// to hold in memory.
///
/// The pieces go to a temporary file in the destination's folder (`.NAME.XXXXXX.tmp`); ``commit()`` closes it and
/// renames it onto the destination. A writer that is discarded (``discard()``, or released without a commit,
/// as when an error is thrown) removes the temporary file: nothing new is left behind, and a file already at the
/// destination is untouched. A replaced file keeps its permission bits; a symbolic link is followed. Destinations
/// that are not regular files (`/dev/null`, a FIFO) are written directly, as ``AtomicFile`` does.
public final class AtomicFileWriter {
    /// The destination, as given.
    public let path: String
    private let target: String
    private let temporary: String?
    private let replacing: Bool
    private var descriptor: Int32
    private var done = false

    /// Opens a temporary file beside `path` (or `path` itself when it is a device or a FIFO).
    ///
    /// - Throws: ``TensorFileError/alreadyExists(path:)`` when `path` exists and `replacing` is false;
    ///   ``TensorFileError/cannotWrite(path:reason:)`` with the system's reason otherwise.
    public init(path: String, replacing: Bool = true) throws(TensorFileError) {
        self.path = path
        self.replacing = replacing
        var target = path
        var existing = stat()
        var inPlace = false
        if lstat(path, &existing) == 0 {
            guard replacing else { throw .alreadyExists(path: path) }
            if (existing.st_mode & S_IFMT) == S_IFLNK, let resolved = AtomicFile.realPath(path) {
                target = resolved
                if stat(resolved, &existing) != 0 { existing.st_mode = S_IFREG | 0o644 }
            }
            switch existing.st_mode & S_IFMT {
            case S_IFDIR: throw .cannotWrite(path: path, reason: "it is a directory")
            case S_IFREG, S_IFLNK: break
            default: inPlace = true
            }
        } else if errno != ENOENT {
            throw .cannotWrite(path: path, reason: systemErrorText())
        } else {
            existing.st_mode = 0
        }
        self.target = target
        if inPlace {
            var fd: Int32
            repeat { fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) } while fd < 0 && errno == EINTR
            guard fd >= 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
            descriptor = fd
            temporary = nil
        } else {
            let (fd, name) = try AtomicFile.createTemporary(besides: target, reportedAs: path)
            if (existing.st_mode & S_IFMT) == S_IFREG { _ = fchmod(fd, existing.st_mode & 0o7777) }
            descriptor = fd
            temporary = name
        }
    }

    deinit { discard() }

    /// Appends `bytes`.
    ///
    /// - Throws: ``TensorFileError/cannotWrite(path:reason:)`` (`No space left on device`); the writer is then
    ///   discarded.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TensorFileError) {
        guard !done else { throw .cannotWrite(path: path, reason: "the file was already closed") }
        do throws(TensorFileError) {
            try FileDescriptorWriter.write(bytes, to: descriptor, name: path)
        } catch {
            discard()
            throw error
        }
    }

    /// Closes the file and renames it onto the destination.
    ///
    /// - Throws: ``TensorFileError/cannotWrite(path:reason:)``, or ``TensorFileError/alreadyExists(path:)`` when
    ///   a file appeared at the destination meanwhile and `replacing` is false; the writer is then discarded.
    public func commit() throws(TensorFileError) {
        guard !done else { throw .cannotWrite(path: path, reason: "the file was already closed") }
        done = true
        let closed = close(descriptor) == 0
        let reason = closed ? "" : systemErrorText()
        guard let temporary else {
            guard closed else { throw .cannotWrite(path: path, reason: reason) }
            return
        }
        guard closed else {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        if !replacing, access(target, F_OK) == 0 {
            unlink(temporary)
            throw .alreadyExists(path: path)
        }
        guard rename(temporary, target) == 0 else {
            let reason = systemErrorText()
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    /// Closes and removes the temporary file (a device or FIFO is just closed); later calls do nothing.
    public func discard() {
        guard !done else { return }
        done = true
        close(descriptor)
        if let temporary { unlink(temporary) }
    }
}
