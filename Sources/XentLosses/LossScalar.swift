import RealModule

/// The scalar types the losses take: `Float` and `Double` (any binary floating-point type with the
/// elementary functions of swift-numerics' `Real`). Write generic code over it without importing RealModule:
/// `func score<S: LossScalar>(_ p: Matrix<S>) throws -> S`.
public typealias LossScalar = BinaryFloatingPoint & Real & Sendable
