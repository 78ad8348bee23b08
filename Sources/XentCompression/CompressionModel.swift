/// The models the compressor can code with, and their parameters (stored in the container header).
public enum CompressionModel: Sendable, Equatable, CustomStringConvertible {
    /// The adaptive order-k byte model (`order` 0...8): P(byte | previous k bytes), learned by counting; its code
    /// length approaches the file's empirical conditional entropy of order k. `level` (1...9) sets its table to
    /// `1 << (14 + level)` counters (4 bytes each).
    case byteContext(order: Int, level: Int)
    /// The context-mixing model (orders 0–4 and 6, words, columns, long matches, two logistic mixers and APM stages).
    /// `level` (1...9) sets its memory (`memoryRequirement`): 2.1 MB at level 1, nearly doubling per
    /// level, 315 MB at level 9.
    case contextMixing(level: Int)

    /// The default: context mixing at level 6 (42 MB of tables).
    public static let `default` = CompressionModel.contextMixing(level: 6)

    /// The accepted levels.
    public static let levels = 1...9
    /// The accepted orders of `byteContext`.
    public static let orders = 0...8

    /// The bytes of memory the model's tables take (the same to compress and to decompress), for valid
    /// parameters: cm takes 2.1 MB at level 1, 42 MB at level 6 (the default) and 315 MB at level 9;
    /// orderK takes 4 · 2^(14 + level) bytes plus 4 KB. Reading a container allocates this (bounded by the
    /// checked level) plus the output.
    public var memoryRequirement: Int {
        let small = 4096 * 4 * 2 + 1024 * 4 + 1024  // logistic tables, reciprocals, per-input state
        switch self {
        case let .byteContext(_, level):
            return 4 << (14 + level) + 1024 * 4
        case let .contextMixing(level):
            let hashed = 4 << (17 + level)
            let direct = 256 * 4 + 65536 * 4
            let match = (1 << (16 + level)) + 4 << (12 + level) + 128 * 4
            let weightSets = ContextMixingModel.mixerSelectorCount + ContextMixingModel.byteMixerSelectorCount
            let mixer = (weightSets + 1) * LogisticMixer.width * 4
            let columns = 2 * ContextMixingModel.lineCapacity
            let apm = 256 * 33 * 2 + (1 << min(16, 9 + level)) * 33 * 2
            return hashed + direct + match + mixer + apm + columns + small
        }
    }

    /// Throws `CompressionError.invalidParameter` when a parameter is out of range.
    public func validate() throws(CompressionError) {
        switch self {
        case let .byteContext(order, level):
            guard CompressionModel.orders.contains(order) else {
                throw .invalidParameter(name: "order", value: order, expected: CompressionModel.orders)
            }
            guard CompressionModel.levels.contains(level) else {
                throw .invalidParameter(name: "level", value: level, expected: CompressionModel.levels)
            }
        case let .contextMixing(level):
            guard CompressionModel.levels.contains(level) else {
                throw .invalidParameter(name: "level", value: level, expected: CompressionModel.levels)
            }
        }
    }

    /// A short name: `order2`, `cm`.
    public var description: String {
        switch self {
        case let .byteContext(order, level): return "order\(order) (level \(level))"
        case let .contextMixing(level): return "cm (level \(level))"
        }
    }

    /// The header's model id.
    var identifier: UInt8 {
        switch self {
        case .byteContext: return 0
        case .contextMixing: return 2
        }
    }

    /// The header's two parameter bytes.
    var parameters: (UInt8, UInt8) {
        switch self {
        case let .byteContext(order, level): return (UInt8(order), UInt8(level))
        case let .contextMixing(level): return (0, UInt8(level))
        }
    }

    /// The model named by header fields, checked.
    static func fromHeader(identifier: UInt8, parameters: (UInt8, UInt8)) throws(CompressionError) -> CompressionModel {
        let model: CompressionModel
        switch identifier {
        case 0: model = .byteContext(order: Int(parameters.0), level: Int(parameters.1))
        case 1: throw .retiredModel(id: 1)
        case 2:
            guard parameters.0 == 0 else {
                throw .invalidParameter(name: "context-mixing parameter", value: Int(parameters.0), expected: 0...0)
            }
            model = .contextMixing(level: Int(parameters.1))
        default: throw .unknownModel(id: Int(identifier))
        }
        try model.validate()
        return model
    }
}
