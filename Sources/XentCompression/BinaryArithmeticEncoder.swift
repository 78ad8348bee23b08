/// A binary arithmetic encoder: 32-bit, carryless (the design of Matt Mahoney's lpaq), with 16-bit probabilities.
///
/// The state is an interval `[low, high]` of 32-bit integers. A bit whose probability of being 1 is `p / 65536`
/// splits it at `mid = low + ⌊(high − low) · p / 65536⌋`: a 1 keeps `[low, mid]`, a 0 keeps `[mid + 1, high]`.
/// When both ends share their top byte it is final: it is written and both ends shift left by 8 bits. No carry can
/// ever reach a written byte, so the coder needs neither carry propagation nor a pending-bits counter. The price is
/// a small inefficiency when the interval straddles a byte boundary while narrow, which costs well under 0.1% in
/// practice (measured in the tests). `finish()` writes the four bytes of `low`, so the decoder never reads past
/// the end of the payload: a valid stream is exactly as long as the decoder consumes, and a truncated one is
/// detected.
///
/// The coded size of a sequence is `−Σ log2 P(bitᵢ)` plus at most a few bytes: the fractional bits of the
/// information content are kept, unlike in a Huffman code.
struct BinaryArithmeticEncoder {
    private var low: UInt32 = 0
    private var high: UInt32 = 0xFFFF_FFFF
    /// The bytes written so far.
    private(set) var output: ByteBuffer

    init(reservingCapacity capacity: Int) {
        output = ByteBuffer(capacity: capacity)
    }

    /// An encoder appending to `output` (a buffer reused from frame to frame).
    init(output: ByteBuffer) {
        self.output = output
    }

    /// Codes `bit` (0 or 1) whose probability of being 1 is `probabilityOfOne / 65536`, in 1...65535.
    @inline(__always)
    mutating func encode(_ bit: Int, probabilityOfOne p: Int) {
        let mid = low &+ UInt32(truncatingIfNeeded: (UInt64(high &- low) &* UInt64(truncatingIfNeeded: p)) >> 16)
        if bit != 0 { high = mid } else { low = mid &+ 1 }
        while (low ^ high) & 0xFF00_0000 == 0 {
            output.append(UInt8(truncatingIfNeeded: high >> 24))
            low = low << 8
            high = (high << 8) | 0xFF
        }
    }

    /// Writes the final four bytes and returns the coded bytes.
    mutating func finish() -> ByteBuffer {
        for shift in stride(from: 24, through: 0, by: -8) {
            output.append(UInt8(truncatingIfNeeded: low >> UInt32(shift)))
        }
        return output
    }
}
