/// The element types a tensor file can hold: NumPy's float32, float64, int32 and int64.
public enum TensorScalarType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32
    case float64
    case int32
    case int64

    /// The size of one element in bytes.
    public var byteCount: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        }
    }

    /// Whether the type is a floating-point type.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// NumPy's type code without the byte-order mark: `f4`, `f8`, `i4`, `i8`.
    var numPyCode: String {
        switch self {
        case .float32: return "f4"
        case .float64: return "f8"
        case .int32: return "i4"
        case .int64: return "i8"
        }
    }

    /// The name, as NumPy spells it (`float32`, …).
    public var description: String { rawValue }
}
