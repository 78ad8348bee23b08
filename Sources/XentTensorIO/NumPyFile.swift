import XentKernels

/// NumPy `.npy` tensor files: format versions 1.0, 2.0 and 3.0; float32, float64, int32 and int64 elements in
/// either byte order; any rank; C order.
///
/// Reading is a bulk copy: the header is parsed, the data size it announces is checked against the bytes actually
/// present (so a corrupt header never drives an allocation), then the data is read straight into the result's
/// storage (`pread` from a file, one `memcpy` from memory) and byte-swapped only when its order is not the machine's.
/// A file must hold exactly the data its header describes: missing bytes and trailing bytes are both errors.
public enum NumPyFile {
    /// Decodes a `.npy` file held in memory.
    ///
    /// - Throws: a ``TensorFileError`` that says what is wrong with the header or the data size.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(TensorFileError) -> AnyTensor {
        let header = try NumPyHeader(parsing: bytes)
        try header.checkData(available: bytes.count - header.dataOffset)
        let data = UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset...])
        return try makeTensor(header) { (buffer) throws(TensorFileError) in
            if let source = data.baseAddress, let target = buffer.baseAddress, buffer.count > 0 {
                target.copyMemory(from: source, byteCount: buffer.count)
            }
        }
    }

    /// Decodes a `.npy` file held in memory.
    public static func decode(_ bytes: [UInt8]) throws(TensorFileError) -> AnyTensor {
        try withBytes(of: bytes) { (buffer) throws(TensorFileError) in try decode(buffer) }
    }

    /// Reads a `.npy` file (opened once and read to its end: pipes and FIFOs work too).
    ///
    /// - Throws: ``TensorFileError/cannotRead(path:reason:)`` when the file cannot be read, and the errors of
    ///   ``decode(_:)-(UnsafeRawBufferPointer)`` for its content.
    public static func read(contentsOf path: String) throws(TensorFileError) -> AnyTensor {
        let file = try ReadableFile(path: path)
        if file.regularFileSize != nil { return try read(file) }
        return try decode(file.readAll())
    }

    /// Reads an opened regular file with positional reads, straight into the tensor's storage.
    static func read(_ file: borrowing ReadableFile) throws(TensorFileError) -> AnyTensor {
        let size = file.regularFileSize ?? 0
        let preamble = try file.bytes(at: 0, count: min(size, 12))
        let offset = try withBytes(of: preamble) { (buffer) throws(TensorFileError) in
            try NumPyHeader.dataOffset(preamble: buffer, available: size)
        }
        let headerBytes = try file.bytes(at: 0, count: offset)
        let header = try withBytes(of: headerBytes) { (buffer) throws(TensorFileError) in
            try NumPyHeader(parsing: buffer)
        }
        try header.checkData(available: size - offset)
        return try makeTensor(header) { (buffer) throws(TensorFileError) in
            try file.read(into: buffer, at: offset)
        }
    }

    /// The tensor the header describes, its data filled by `fill` (given exactly `header.dataByteCount` bytes).
    static func makeTensor(
        _ header: NumPyHeader, fill: (UnsafeMutableRawBufferPointer) throws(TensorFileError) -> Void
    ) throws(TensorFileError) -> AnyTensor {
        switch header.scalarType {
        case .float32:
            return .float32(Tensor(shape: header.shape, elements: try elements(Float.self, header, fill)))
        case .float64:
            return .float64(Tensor(shape: header.shape, elements: try elements(Double.self, header, fill)))
        case .int32:
            return .int32(Tensor(shape: header.shape, elements: try elements(Int32.self, header, fill)))
        case .int64:
            return .int64(Tensor(shape: header.shape, elements: try elements(Int64.self, header, fill)))
        }
    }

    static func elements<T: TensorFileScalar>(
        _ type: T.Type, _ header: NumPyHeader, _ fill: (UnsafeMutableRawBufferPointer) throws(TensorFileError) -> Void
    ) throws(TensorFileError) -> [T] {
        let count = header.elementCount
        let swap = header.isBigEndian != (1.bigEndian == 1)
        var failure: TensorFileError?
        let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            do throws(TensorFileError) {
                try fill(raw)
            } catch {
                failure = error
                initialized = 0
                return
            }
            if swap { byteSwap(raw, width: MemoryLayout<T>.size) }
            initialized = count
        }
        if let failure { throw failure }
        return result
    }

    static func byteSwap(_ buffer: UnsafeMutableRawBufferPointer, width: Int) {
        guard let base = buffer.baseAddress else { return }
        if width == 4 {
            let words = base.assumingMemoryBound(to: UInt32.self)
            for i in 0..<(buffer.count / 4) { words[i] = words[i].byteSwapped }
        } else {
            let words = base.assumingMemoryBound(to: UInt64.self)
            for i in 0..<(buffer.count / 8) { words[i] = words[i].byteSwapped }
        }
    }

    // MARK: Writing

    /// The `.npy` bytes of a tensor: format 1.0 (2.0 when the header needs more than 65535 bytes), the machine's
    /// byte order, C order, the header padded with spaces so the data starts at a multiple of 64 bytes, as NumPy
    /// writes it.
    public static func encode<Scalar: TensorFileScalar>(_ tensor: Tensor<Scalar>) -> [UInt8] {
        var out = header(scalarType: Scalar.scalarType, shape: tensor.shape)
        tensor.elements.withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// The `.npy` bytes of a tensor of any element type.
    public static func encode(_ tensor: AnyTensor) -> [UInt8] {
        switch tensor {
        case .float32(let t): return encode(t)
        case .float64(let t): return encode(t)
        case .int32(let t): return encode(t)
        case .int64(let t): return encode(t)
        }
    }

    /// Writes a tensor as a `.npy` file (see ``encode(_:)-(Tensor<Scalar>)``), completely or not at all
    /// (``AtomicFile``): an existing file is replaced only once the new one is whole.
    public static func write<Scalar: TensorFileScalar>(_ tensor: Tensor<Scalar>, to path: String) throws(TensorFileError) {
        try AtomicFile.write(encode(tensor), to: path)
    }

    /// Writes a tensor of any element type as a `.npy` file (through ``AtomicFile``).
    public static func write(_ tensor: AnyTensor, to path: String) throws(TensorFileError) {
        try AtomicFile.write(encode(tensor), to: path)
    }

    static func header(scalarType: TensorScalarType, shape: [Int]) -> [UInt8] {
        let order = 1.bigEndian == 1 ? ">" : "<"
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = Array("{'descr': '\(order)\(scalarType.numPyCode)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        var prefix = 10
        var major: UInt8 = 1
        if dictionary.count + 1 + prefix > 65535 + 10 { prefix = 12; major = 2 }
        let total = (prefix + dictionary.count + 1 + 63) / 64 * 64
        dictionary.append(contentsOf: repeatElement(0x20, count: total - prefix - dictionary.count - 1))
        dictionary.append(0x0A)
        var out = NumPyHeader.magic + [major, 0]
        let length = dictionary.count
        for i in 0..<(prefix - 8) { out.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
        return out + dictionary
    }
}
