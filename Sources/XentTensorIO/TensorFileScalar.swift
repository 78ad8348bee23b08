import XentKernels

/// A scalar type that tensor files can hold: `Float` (float32), `Double` (float64), `Int32`, `Int64` and `Int`
/// (int64 on 64-bit platforms).
///
/// The requirements parse one CSV field and format one value; the readers and writers of this module are generic
/// over them. Parsing is exact: decimal text rounds correctly to the nearest `Float` or `Double`.
public protocol TensorFileScalar: Sendable, Equatable {
    /// The file element type that stores this scalar exactly.
    static var scalarType: TensorScalarType { get }

    /// What a CSV field of this type must look like, for error messages ("a float32 number").
    static var csvExpectation: String { get }

    /// Parses one CSV field (already cut at commas and trimmed of blanks), or returns `nil` when the text is not
    /// a valid value of this type.
    ///
    /// Floating-point types accept decimal and scientific notation, `inf`, `-inf`, `infinity` and `nan` in any case.
    /// Integer types accept decimal integers, and also decimal text of an integral value in range (`3.0`, `1e2`).
    static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Self?

    /// The shortest text that reads back as exactly this value (`0.1`, `1e-07`, `inf`, `nan`, `42`).
    var csvText: String { get }

    /// Wraps a tensor of this type into an ``AnyTensor``.
    static func wrap(_ tensor: Tensor<Self>) -> AnyTensor
}

extension Float: TensorFileScalar {
    public static var scalarType: TensorScalarType { .float32 }
    public static var csvExpectation: String { "a float32 number" }

    public static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Float? {
        switch DecimalText.scan(field) {
        case .invalid:
            return nil
        case let .decimal(negative, mantissa, exponent):
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            if mantissa <= 1 << 24, exponent >= -10, exponent <= 10 {
                // Both operands are exact, so one IEEE operation rounds correctly (Clinger's fast path).
                let m = Float(mantissa)
                let value = exponent >= 0 ? m * DecimalText.powersOfTenFloat[exponent]
                                          : m / DecimalText.powersOfTenFloat[-exponent]
                return negative ? -value : value
            }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                // The correctly rounded Double, then Float: right unless the Double lies exactly on a midpoint
                // between two Floats (then x and the Double may round differently), which goes the slow way.
                let m = Double(mantissa)
                let d = exponent >= 0 ? m * DecimalText.powersOfTenDouble[exponent]
                                      : m / DecimalText.powersOfTenDouble[-exponent]
                let f = Float(d)
                if f.isFinite, f != 0 {
                    let other = Double(f) < d ? f.nextUp : f.nextDown
                    if Double(f) == d || (Double(f) + Double(other)) / 2 != d {
                        return negative ? -f : f
                    }
                }
            }
            return Float(DecimalText.string(field))
        case .other:
            return Float(DecimalText.string(field))
        }
    }

    public var csvText: String { description }
    public static func wrap(_ tensor: Tensor<Float>) -> AnyTensor { .float32(tensor) }
}

extension Double: TensorFileScalar {
    public static var scalarType: TensorScalarType { .float64 }
    public static var csvExpectation: String { "a float64 number" }

    public static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Double? {
        switch DecimalText.scan(field) {
        case .invalid:
            return nil
        case let .decimal(negative, mantissa, exponent):
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                let m = Double(mantissa)
                let value = exponent >= 0 ? m * DecimalText.powersOfTenDouble[exponent]
                                          : m / DecimalText.powersOfTenDouble[-exponent]
                return negative ? -value : value
            }
            return Double(DecimalText.string(field))
        case .other:
            return Double(DecimalText.string(field))
        }
    }

    public var csvText: String { description }
    public static func wrap(_ tensor: Tensor<Double>) -> AnyTensor { .float64(tensor) }
}

extension Int64: TensorFileScalar {
    public static var scalarType: TensorScalarType { .int64 }
    public static var csvExpectation: String { "an integer (int64)" }
    public static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Int64? { DecimalText.integer(field) }
    public var csvText: String { description }
    public static func wrap(_ tensor: Tensor<Int64>) -> AnyTensor { .int64(tensor) }
}

extension Int32: TensorFileScalar {
    public static var scalarType: TensorScalarType { .int32 }
    public static var csvExpectation: String { "an integer (int32)" }
    public static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Int32? {
        DecimalText.integer(field).flatMap { Int32(exactly: $0) }
    }
    public var csvText: String { description }
    public static func wrap(_ tensor: Tensor<Int32>) -> AnyTensor { .int32(tensor) }
}

extension Int: TensorFileScalar {
    public static var scalarType: TensorScalarType { MemoryLayout<Int>.size == 8 ? .int64 : .int32 }
    public static var csvExpectation: String { "an integer" }
    public static func parseCSVField(_ field: UnsafeRawBufferPointer) -> Int? {
        DecimalText.integer(field).flatMap { Int(exactly: $0) }
    }
    public var csvText: String { description }
    public static func wrap(_ tensor: Tensor<Int>) -> AnyTensor {
        if MemoryLayout<Int>.size == 8 {
            return .int64(Tensor(shape: tensor.shape, elements: tensor.elements.map { Int64($0) }))
        }
        return .int32(Tensor(shape: tensor.shape, elements: tensor.elements.map { Int32(truncatingIfNeeded: $0) }))
    }
}
