import XentKernels

/// Tensor files of either format, told apart by content: a file that starts with the NumPy magic string is `.npy`,
/// anything else is CSV.
public enum TensorFile {
    /// The format of a tensor file.
    public enum Format: String, Sendable {
        case csv
        case npy
    }

    /// Reads a tensor file: `.npy` (which carries its own element type) or CSV (read as `csvScalarType`, into a
    /// rank-2 tensor of rows × columns).
    ///
    /// The file is opened once and read to its end, so pipes and FIFOs (`/dev/stdin`, `<(…)`) work as well as
    /// regular files.
    ///
    /// - Throws: ``TensorFileError/cannotRead(path:reason:)`` when the file cannot be read, and the format's errors
    ///   for its content.
    public static func read(
        contentsOf path: String, csvScalarType: TensorScalarType = .float64, header: CSVFile.HeaderLine = .detect
    ) throws(TensorFileError) -> AnyTensor {
        try readWithFormat(contentsOf: path, csvScalarType: csvScalarType, header: header).tensor
    }

    /// Reads a tensor file as ``read(contentsOf:csvScalarType:header:)`` does, and tells which format it was.
    public static func readWithFormat(
        contentsOf path: String, csvScalarType: TensorScalarType = .float64, header: CSVFile.HeaderLine = .detect
    ) throws(TensorFileError) -> (tensor: AnyTensor, format: Format) {
        let file = try ReadableFile(path: path)
        if let size = file.regularFileSize {
            // A regular file: the .npy reader copies the data straight into the tensor with positional reads.
            let start = try file.bytes(at: 0, count: min(size, NumPyHeader.magic.count))
            if start == NumPyHeader.magic { return (try NumPyFile.read(file), .npy) }
        }
        let bytes = try file.readAll()
        return try withBytes(of: bytes) { (buffer) throws(TensorFileError) in
            let format = format(of: buffer)
            return (try decode(buffer, csvScalarType: csvScalarType, header: header), format)
        }
    }

    /// Decodes a tensor file held in memory (format told by content, as ``read(contentsOf:csvScalarType:header:)``).
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, csvScalarType: TensorScalarType = .float64,
        header: CSVFile.HeaderLine = .detect
    ) throws(TensorFileError) -> AnyTensor {
        if format(of: bytes) == .npy { return try NumPyFile.decode(bytes) }
        return try decodeCSV(bytes, scalarType: csvScalarType, header: header)
    }

    /// Decodes a tensor file held in an array of bytes.
    public static func decode(
        _ bytes: [UInt8], csvScalarType: TensorScalarType = .float64, header: CSVFile.HeaderLine = .detect
    ) throws(TensorFileError) -> AnyTensor {
        try withBytes(of: bytes) { (buffer) throws(TensorFileError) in
            try decode(buffer, csvScalarType: csvScalarType, header: header)
        }
    }

    /// The format of a file held in memory, told by its first bytes.
    public static func format(of bytes: UnsafeRawBufferPointer) -> Format {
        bytes.count >= NumPyHeader.magic.count && bytes.prefix(NumPyHeader.magic.count).elementsEqual(NumPyHeader.magic)
            ? .npy : .csv
    }

    /// The format of a file, told by its first bytes.
    public static func format(ofFileAt path: String) throws(TensorFileError) -> Format {
        let file = try ReadableFile(path: path)
        return try file.readUpTo(NumPyHeader.magic.count) == NumPyHeader.magic ? .npy : .csv
    }

    /// The format a path's extension asks for when writing: `.npy` for `.npy` (any case), CSV otherwise.
    public static func format(forPath path: String) -> Format {
        path.lowercased().hasSuffix(".npy") ? .npy : .csv
    }

    /// Writes a tensor in the format its path's extension names (see ``format(forPath:)``). CSV holds a rank-2
    /// layout: a rank-0 or rank-1 tensor is written as one column, a tensor of rank 3 or more as `shape[0]` rows of
    /// all its other elements in C order.
    public static func write(_ tensor: AnyTensor, to path: String) throws(TensorFileError) {
        switch format(forPath: path) {
        case .npy:
            try NumPyFile.write(tensor, to: path)
        case .csv:
            switch tensor {
            case .float32(let t): try CSVFile.write(matrixLayout(t), to: path)
            case .float64(let t): try CSVFile.write(matrixLayout(t), to: path)
            case .int32(let t): try CSVFile.write(matrixLayout(t), to: path)
            case .int64(let t): try CSVFile.write(matrixLayout(t), to: path)
            }
        }
    }

    /// The rank-2 layout CSV files hold (see ``write(_:to:)``).
    public static func matrixLayout<Scalar>(_ tensor: Tensor<Scalar>) -> Matrix<Scalar> {
        let count = tensor.elements.count
        let rows = tensor.shape.first ?? 1
        let columns = tensor.shape.count <= 1 ? 1 : Tensor<Scalar>.elementCount(of: Array(tensor.shape.dropFirst())) ?? 0
        return Matrix(validatingRows: rows, columns: columns, elements: tensor.elements)
            ?? Matrix(rows: count, columns: 1, elements: tensor.elements)
    }

    static func decodeCSV(
        _ bytes: UnsafeRawBufferPointer, scalarType: TensorScalarType, header: CSVFile.HeaderLine
    ) throws(TensorFileError) -> AnyTensor {
        switch scalarType {
        case .float32: return .float32(Tensor(try CSVFile.readMatrix(Float.self, from: bytes, header: header)))
        case .float64: return .float64(Tensor(try CSVFile.readMatrix(Double.self, from: bytes, header: header)))
        case .int32: return .int32(Tensor(try CSVFile.readMatrix(Int32.self, from: bytes, header: header)))
        case .int64: return .int64(Tensor(try CSVFile.readMatrix(Int64.self, from: bytes, header: header)))
        }
    }
}
