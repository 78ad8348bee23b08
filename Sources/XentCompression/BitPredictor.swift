/// A model that predicts a byte stream one bit at a time, most significant bit first: it gives P(next bit = 1)
/// and then learns the bit. Encoder and decoder drive identical models in the same order, so they agree.
///
/// The cost of coding a bit `y` under the prediction `p` is `−log2 P(y)`, the binary cross-entropy of the
/// prediction; a file's compressed size is the sum of these costs over its bits (plus a few bytes of coder
/// overhead): the cross-entropy of the model on the file.
protocol BitPredictor {
    /// P(next bit = 1) in units of 2^-16, within `bitProbabilityRange`.
    mutating func probabilityOfOne() -> Int
    /// Learns the bit (0 or 1) that followed the last prediction.
    mutating func update(_ bit: Int)
}

/// Hashes for context tables: a 64-bit multiply-xorshift mix (the finaliser of SplitMix64).
@inline(__always)
func mixHash(_ value: UInt64, _ salt: UInt64) -> UInt64 {
    var h = (value ^ (salt &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 31
    h = h &* 0x94D0_49BB_1331_11EB
    h ^= h >> 29
    return h
}

/// The range of every model's P(bit = 1), in units of 2^-16: 2^-12 to 1 − 2^-12.
///
/// The cap costs at most 3.5·10^-4 bits per bit (under 0.003 bits per byte, even on a file of one repeated byte),
/// and it bounds what a payload can decode to: each bit narrows the coder's interval by a factor of at least
/// 1 − 2^-12 (or by one when it is narrower than 2^12), so one payload byte decodes to at most
/// (2^12·ln 2^20 + 2^12)/8 < 7,700 bytes, and a forged header cannot make the decoder run long on a short payload.
let bitProbabilityRange = 16...65520

/// `p` clamped to `bitProbabilityRange`.
@inline(__always)
func clampBitProbability(_ p: Int) -> Int {
    p < 16 ? 16 : (p > 65520 ? 65520 : p)
}
