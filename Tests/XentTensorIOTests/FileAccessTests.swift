import Foundation
import Testing
import XentKernels
@testable import XentTensorIO

/// The package's one reader and one writer: inputs are opened once and read to their end (pipes and FIFOs too);
/// outputs are written whole through a temporary file, or not at all.
@Suite struct FileAccessTests {
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xent-io-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `bytes` into the write end of a fresh pipe from another thread, in small pieces, and returns the read
    /// end's descriptor.
    static func pipe(feeding bytes: [UInt8]) -> Int32 {
        var ends: [Int32] = [0, 0]
        _ = ends.withUnsafeMutableBufferPointer { Foundation.pipe($0.baseAddress!) }
        let writer = ends[1]
        Thread.detachNewThread {
            var offset = 0
            while offset < bytes.count {
                let n = min(7, bytes.count - offset)
                _ = bytes[offset..<(offset + n)].withUnsafeBytes { write(writer, $0.baseAddress!, n) }
                offset += n
                if offset % 70 == 0 { usleep(1000) }
            }
            close(writer)
        }
        return ends[0]
    }

    @Test func pipesAreReadToTheEnd() throws {
        let csv = Array((0..<200).map { "\($0),\($0 + 1),0.5\n" }.joined().utf8)
        let fd = FileAccessTests.pipe(feeding: csv)
        defer { close(fd) }
        // A pipe has no size: the old reader trusted st_size (0) and found "no data rows".
        let tensor = try TensorFile.read(contentsOf: "/dev/fd/\(fd)")
        #expect(tensor.shape == [200, 3])

        let npy = NumPyFile.encode(Tensor<Float>(shape: [4, 2], elements: [1, 2, 3, 4, 5, 6, 7, 8]))
        let npyPipe = FileAccessTests.pipe(feeding: npy)
        defer { close(npyPipe) }
        let (read, format) = try TensorFile.readWithFormat(contentsOf: "/dev/fd/\(npyPipe)")
        #expect(format == .npy && read == .float32(Tensor(shape: [4, 2], elements: [1, 2, 3, 4, 5, 6, 7, 8])))

        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let raw = FileAccessTests.pipe(feeding: bytes)
        defer { close(raw) }
        #expect(try ReadableFile(descriptor: raw, name: "pipe").readAll() == bytes)
    }

    @Test func aFIFOIsOpenedOnceAndRead() throws {
        let folder = FileAccessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = "2,1,0\n0,1,3\n"
        Thread.detachNewThread {
            usleep(100_000)
            let fd = open(fifo, O_WRONLY)
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            close(fd)
        }
        // One open: a second one would wait for a writer that never comes.
        let (tensor, format) = try TensorFile.readWithFormat(contentsOf: fifo)
        #expect(format == .csv && tensor.shape == [2, 3])
    }

    @Test func regularFilesReadWhole() throws {
        let folder = FileAccessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bytes"
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try ReadableFile(path: path)
        #expect(file.regularFileSize == bytes.count)
        #expect(try file.readAll() == bytes)
        var total = 0
        try ReadableFile(path: path).forEachChunk(size: 4096) { total += $0.count }
        #expect(total == bytes.count)
        #expect(throws: TensorFileError.cannotRead(path: folder, reason: "it is a directory")) {
            _ = try ReadableFile(path: folder)
        }
    }

    @Test func atomicWritesReplaceWholeOrRefuse() throws {
        let folder = FileAccessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.bin"
        try AtomicFile.write(Array("first".utf8), to: path, replacing: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(throws: TensorFileError.alreadyExists(path: path)) {
            try AtomicFile.write(Array("second".utf8), to: path, replacing: false)
        }
        #expect(throws: TensorFileError.alreadyExists(path: path)) {
            try AtomicFile.checkWritable(path, replacing: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(chmod(path, 0o600) == 0)
        try AtomicFile.write(Array("second".utf8), to: path, replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        // A replaced file keeps its permission bits.
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A symbolic link is followed: its target is replaced, the link stays a link.
        let link = folder + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        try AtomicFile.write(Array("third".utf8), to: link, replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == path)
        // No temporary file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link", "out.bin"])
    }

    @Test func failedWritesLeaveNothing() throws {
        let folder = FileAccessTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: TensorFileError.cannotWrite(path: folder + "/missing/x.npy", reason: "No such file or directory")) {
            try AtomicFile.write([1, 2, 3], to: folder + "/missing/x.npy")
        }
        try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: true)
        #expect(throws: TensorFileError.cannotWrite(path: folder + "/dir", reason: "it is a directory")) {
            try AtomicFile.write([1, 2, 3], to: folder + "/dir")
        }
        #expect(throws: TensorFileError.cannotWrite(path: folder + "/dir", reason: "it is a directory")) {
            try AtomicFile.checkWritable(folder + "/dir", replacing: true)
        }
        // A device is written in place (it cannot be renamed onto), and its errors are reported.
        #expect(throws: TensorFileError.cannotWrite(path: "/dev/full", reason: "No space left on device")) {
            try AtomicFile.write([1, 2, 3], to: "/dev/full")
        }
        try AtomicFile.write([1, 2, 3], to: "/dev/null")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["dir"])
    }
}
