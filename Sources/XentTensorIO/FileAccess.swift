#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened once for reading, with plain POSIX calls: every input of the package (tensor files, the CLI's
/// distributions, samples, containers, datasets) is read through it.
///
/// Any path works: a regular file, a pipe (`/dev/stdin`, `<(…)`), a FIFO (opening waits for its writer) or a
/// character device; ``readAll()`` reads until the end of the file, never trusting a size. Regular files also get
/// positional reads (`pread`), so the `.npy` reader copies straight into the array it returns and checks sizes
/// before it allocates.
public struct ReadableFile: ~Copyable {
    /// The path (or the name of the stream) errors give.
    public let path: String
    let descriptor: Int32
    let ownsDescriptor: Bool
    /// The size in bytes at the time the file was opened, for a regular file; nil for a pipe, a FIFO, a device.
    public let regularFileSize: Int?

    /// Opens `path` for reading.
    ///
    /// - Throws: ``TensorFileError/cannotRead(path:reason:)`` with the system's reason (`No such file or
    ///   directory`, `Permission denied`) or `it is a directory`.
    public init(path: String) throws(TensorFileError) {
        self.path = path
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .cannotRead(path: path, reason: systemErrorText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = systemErrorText()
            close(fd)
            throw .cannotRead(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw .cannotRead(path: path, reason: "it is a directory")
        }
        descriptor = fd
        ownsDescriptor = true
        regularFileSize = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    /// Reads from an open descriptor (standard input: descriptor 0), which is left open; `name` is what errors
    /// call it.
    public init(descriptor: Int32, name: String) {
        path = name
        self.descriptor = descriptor
        ownsDescriptor = false
        var info = stat()
        regularFileSize = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            ? Int(info.st_size) : nil
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Reads at most `buffer.count` bytes at the current position; 0 only at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TensorFileError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(descriptor, base, min(buffer.count, 1 << 30))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .cannotRead(path: path, reason: systemErrorText())
        }
    }

    /// Fills as much of `buffer` as the file holds from the current position; returns the count (short only at
    /// the end of the file).
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(TensorFileError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The next `count` bytes, or fewer when the file ends first.
    func readUpTo(_ count: Int) throws(TensorFileError) -> [UInt8] {
        var failure: TensorFileError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(TensorFileError) {
                initialized = try readFully(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Everything from the current position to the end of the file (however large the file says it is).
    public func readAll() throws(TensorFileError) -> [UInt8] {
        var bytes = try readUpTo(regularFileSize ?? 0)
        // The rest: all of a pipe, or what a regular file gained since it was opened.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk)
            if n == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
        }
    }

    /// Calls `body` with successive chunks until the end of the file (for inputs too large to hold at once).
    public func forEachChunk(
        size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(TensorFileError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, size), alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk)
            if n == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: chunk[..<n]))
        }
    }

    /// Fills `buffer` with the bytes at `offset` (a regular file only); throws when the file ends first or a read
    /// fails.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(TensorFileError) {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let chunk = min(buffer.count - done, 1 << 30)
            let n = pread(descriptor, base + done, chunk, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: systemErrorText())
            }
            if n == 0 {
                throw .cannotRead(path: path, reason: "the file ended after \(offset + done) bytes while it was read")
            }
            done += n
        }
    }

    /// `count` bytes at `offset` as an array (a regular file only).
    func bytes(at offset: Int, count: Int) throws(TensorFileError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let outcome: Result<Void, TensorFileError> = result.withUnsafeMutableBytes { buffer in
            do throws(TensorFileError) { return .success(try read(into: buffer, at: offset)) } catch { return .failure(error) }
        }
        try outcome.get()
        return result
    }
}

/// Writing bytes to an open descriptor (standard output, a file): every byte or an error, never a trap.
public enum FileDescriptorWriter {
    /// Writes all of `bytes` to `descriptor`, retrying after interrupted and partial writes.
    ///
    /// - Throws: ``TensorFileError/cannotWrite(path:reason:)`` with `name` and the system's reason
    ///   (`No space left on device`, `Bad file descriptor`, `Broken pipe`).
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, name: String)
        throws(TensorFileError)
    {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(descriptor, base + done, min(bytes.count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: name, reason: systemErrorText())
            }
            if n == 0 { throw .cannotWrite(path: name, reason: "the system wrote nothing") }
            done += n
        }
    }

    /// Writes all of `bytes` to `descriptor` (see ``write(_:to:name:)-(UnsafeRawBufferPointer,_,_)``).
    public static func write(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(TensorFileError) {
        try withBytes(of: bytes) { (buffer) throws(TensorFileError) in try write(buffer, to: descriptor, name: name) }
    }
}

/// The one way the package writes a file: complete, or not at all.
///
/// The bytes go to a temporary file in the destination's folder (`.NAME.XXXXXX.tmp`), which is renamed onto the
/// destination only when every byte is written and the file is closed, as gzip and zstd do. When anything fails
/// (a full disk, a file size limit, a folder that is not writable) the temporary file is removed: nothing new is
/// left behind, and a file already at the destination is untouched. A replaced file keeps its permission bits.
///
/// Destinations that are not regular files (`/dev/null`, `/dev/stdout`, a FIFO) are written directly: they cannot
/// be renamed onto. A symbolic link is followed: the file it points to is replaced, the link stays.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing an existing file only when `replacing` is true.
    ///
    /// - Throws: ``TensorFileError/alreadyExists(path:)`` when `path` exists and `replacing` is false;
    ///   ``TensorFileError/cannotWrite(path:reason:)`` with the system's reason (`No space left on device`,
    ///   `No such file or directory` for a missing folder, `Is a directory`) otherwise.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, replacing: Bool = true)
        throws(TensorFileError)
    {
        var target = path
        var existing = stat()
        if lstat(path, &existing) == 0 {
            guard replacing else { throw .alreadyExists(path: path) }
            if (existing.st_mode & S_IFMT) == S_IFLNK, let resolved = realPath(path) {
                target = resolved
                if stat(resolved, &existing) != 0 { existing.st_mode = S_IFREG | 0o644 }
            }
            switch existing.st_mode & S_IFMT {
            case S_IFDIR:
                throw .cannotWrite(path: path, reason: "it is a directory")
            case S_IFREG, S_IFLNK:
                break
            default:
                // A device or a FIFO: written in place (O_TRUNC is ignored by both).
                try writeInPlace(bytes, to: path)
                return
            }
        } else if errno != ENOENT {
            throw .cannotWrite(path: path, reason: systemErrorText())
        } else {
            existing.st_mode = 0
        }

        let (fd, temporary) = try createTemporary(besides: target, reportedAs: path)
        var closed = false
        func discard() {
            if !closed { close(fd) }
            unlink(temporary)
        }
        do throws(TensorFileError) {
            try FileDescriptorWriter.write(bytes, to: fd, name: path)
            if (existing.st_mode & S_IFMT) == S_IFREG { _ = fchmod(fd, existing.st_mode & 0o7777) }
            closed = true
            guard close(fd) == 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
            if !replacing, access(target, F_OK) == 0 { throw .alreadyExists(path: path) }
            guard rename(temporary, target) == 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
        } catch {
            discard()
            throw error
        }
    }

    /// Writes `bytes` to `path` (see ``write(_:to:replacing:)-(UnsafeRawBufferPointer,_,_)``).
    public static func write(_ bytes: [UInt8], to path: String, replacing: Bool = true) throws(TensorFileError) {
        try withBytes(of: bytes) { (buffer) throws(TensorFileError) in
            try write(buffer, to: path, replacing: replacing)
        }
    }

    /// The folder a new file at `path` would go into, and whether it exists and is a folder: a check to make before
    /// long work whose result is to be written there.
    ///
    /// - Throws: ``TensorFileError/alreadyExists(path:)`` when `path` exists and `replacing` is false, and
    ///   ``TensorFileError/cannotWrite(path:reason:)`` when `path` is a directory or its folder is missing, not a
    ///   folder, or not writable.
    public static func checkWritable(_ path: String, replacing: Bool) throws(TensorFileError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard replacing else { throw .alreadyExists(path: path) }
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotWrite(path: path, reason: "it is a directory") }
            if (info.st_mode & S_IFMT) != S_IFREG { return }
        } else if lstat(path, &info) == 0, !replacing {
            throw .alreadyExists(path: path)
        }
        let folder = folder(of: path)
        guard stat(folder, &info) == 0 else {
            throw .cannotWrite(path: path, reason: "the folder '\(folder)': \(systemErrorText())")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .cannotWrite(path: path, reason: "'\(folder)' is not a directory")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .cannotWrite(path: path, reason: "the folder '\(folder)': \(systemErrorText())")
        }
    }

    /// The folder part of a path ("." for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Creates `.NAME.XXXXXX.tmp` beside `path` (mode 0666 less the umask); returns its descriptor and path.
    static func createTemporary(besides path: String, reportedAs name: String) throws(TensorFileError)
        -> (Int32, String)
    {
        let slash = path.lastIndex(of: "/")
        let folderPrefix = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(generator.next() & 0xFFFF_FFFF, radix: 36)
            let temporary = "\(folderPrefix).\(base.prefix(200)).\(suffix).tmp"
            var fd: Int32
            repeat {
                fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            } while fd < 0 && errno == EINTR
            if fd >= 0 { return (fd, temporary) }
            if errno != EEXIST { throw .cannotWrite(path: name, reason: systemErrorText()) }
        }
        throw .cannotWrite(path: name, reason: "no temporary file name was free beside it")
    }

    /// Writes a device or FIFO directly.
    static func writeInPlace(_ bytes: UnsafeRawBufferPointer, to path: String) throws(TensorFileError) {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
        do throws(TensorFileError) {
            try FileDescriptorWriter.write(bytes, to: fd, name: path)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// `strerror(errno)`: the system's one-line reason for the last failed call.
func systemErrorText() -> String {
    String(cString: strerror(errno))
}

/// `read(2)`, named apart from the `read` functions of this module.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// `write(2)`, named apart from the `write` functions of this module.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// `Array.withUnsafeBytes` with a typed error.
func withBytes<R>(
    of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(TensorFileError) -> R
) throws(TensorFileError) -> R {
    let outcome: Result<R, TensorFileError> = array.withUnsafeBytes { buffer in
        do throws(TensorFileError) { return .success(try body(buffer)) } catch { return .failure(error) }
    }
    return try outcome.get()
}
