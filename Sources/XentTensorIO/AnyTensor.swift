import XentKernels

/// A tensor whose element type is known only at run time: what a `.npy` file (or a CSV file read with a chosen
/// type) holds.
public enum AnyTensor: Sendable, Equatable {
    case float32(Tensor<Float>)
    case float64(Tensor<Double>)
    case int32(Tensor<Int32>)
    case int64(Tensor<Int64>)

    /// The size of each axis, outermost first.
    public var shape: [Int] {
        switch self {
        case .float32(let t): return t.shape
        case .float64(let t): return t.shape
        case .int32(let t): return t.shape
        case .int64(let t): return t.shape
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float32(let t): return t.elements.count
        case .float64(let t): return t.elements.count
        case .int32(let t): return t.elements.count
        case .int64(let t): return t.elements.count
        }
    }

    /// The element type.
    public var scalarType: TensorScalarType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int32: return .int32
        case .int64: return .int64
        }
    }

    /// The elements converted to a floating-point type, rounding to nearest (exact for float32 → float64, and for
    /// integers up to 2^24 in `Float` or 2^53 in `Double`).
    public func converted<T: BinaryFloatingPoint & Sendable>(to type: T.Type) -> Tensor<T> {
        switch self {
        case .float32(let t):
            if let same = t as? Tensor<T> { return same }
            return Tensor(shape: t.shape, elements: t.elements.map { T($0) })
        case .float64(let t):
            if let same = t as? Tensor<T> { return same }
            return Tensor(shape: t.shape, elements: t.elements.map { T($0) })
        case .int32(let t):
            return Tensor(shape: t.shape, elements: t.elements.map { T($0) })
        case .int64(let t):
            return Tensor(shape: t.shape, elements: t.elements.map { T($0) })
        }
    }

    /// The elements as integers (class labels): integer tensors as they are, floating-point tensors only when every
    /// element is an integral value in range.
    ///
    /// - Throws: ``TensorFileError/notAnInteger(index:value:)`` naming the first element that is not.
    public func integers() throws(TensorFileError) -> Tensor<Int> {
        switch self {
        case .int32(let t):
            return Tensor(shape: t.shape, elements: t.elements.map { Int($0) })
        case .int64(let t):
            var out = [Int]()
            out.reserveCapacity(t.elements.count)
            for (index, value) in t.elements.enumerated() {
                guard let exact = Int(exactly: value) else {
                    throw .notAnInteger(index: index, value: String(value))
                }
                out.append(exact)
            }
            return Tensor(shape: t.shape, elements: out)
        case .float32(let t):
            return Tensor(shape: t.shape, elements: try AnyTensor.integral(t.elements))
        case .float64(let t):
            return Tensor(shape: t.shape, elements: try AnyTensor.integral(t.elements))
        }
    }

    private static func integral<T: BinaryFloatingPoint>(_ values: [T]) throws(TensorFileError) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            guard let exact = Int(exactly: value) else {
                throw .notAnInteger(index: index, value: String(describing: value))
            }
            out.append(exact)
        }
        return out
    }
}
