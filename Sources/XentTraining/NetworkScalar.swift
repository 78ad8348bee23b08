import RealModule

/// The scalar types the networks run on: `Float` for training, `Double` for gradient checks.
///
/// The layers are generic over it; inside the module every call site is concrete, so release builds specialise
/// the hot loops for each type.
public typealias NetworkScalar = Real & BinaryFloatingPoint & SIMDScalar & Sendable
