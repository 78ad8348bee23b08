#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file access: the readers read straight into the arrays they return (one copy from the page cache,
/// no intermediate `Data`), and check sizes before they allocate.
struct InputFile: ~Copyable {
    let path: String
    let descriptor: Int32
    /// The size in bytes at the time the file was opened.
    let size: Int

    init(path: String) throws(TensorFileError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: InputFile.lastError()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = InputFile.lastError()
            close(fd)
            throw .cannotRead(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw .cannotRead(path: path, reason: "it is a directory")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` with the bytes at `offset`; throws when the file ends first or a read fails.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(TensorFileError) {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let chunk = min(buffer.count - done, 1 << 30)
            let n = pread(descriptor, base + done, chunk, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: InputFile.lastError())
            }
            if n == 0 {
                throw .cannotRead(path: path, reason: "the file ended after \(offset + done) bytes while it was read")
            }
            done += n
        }
    }

    /// `count` bytes at `offset` as an array.
    func bytes(at offset: Int, count: Int) throws(TensorFileError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let outcome: Result<Void, TensorFileError> = result.withUnsafeMutableBytes { buffer in
            do throws(TensorFileError) { return .success(try read(into: buffer, at: offset)) } catch { return .failure(error) }
        }
        try outcome.get()
        return result
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// Writes bytes to a new (or truncated) file.
enum OutputFile {
    static func write(_ bytes: [UInt8], to path: String) throws(TensorFileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: InputFile.lastError()) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemWrite(fd, base + done, buffer.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: InputFile.lastError())
            }
            done += n
        }
    }
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
