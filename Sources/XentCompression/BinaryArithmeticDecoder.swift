/// The decoder of `BinaryArithmeticEncoder`: it mirrors the encoder's interval and reads one byte per byte the
/// encoder wrote.
///
/// It reads its input through a bounds-checked cursor: asking for a byte past the end sets `overran`, which the
/// caller turns into `CompressionError.truncatedPayload`, and yields zeros so that the loop stays well defined.
struct BinaryArithmeticDecoder {
    private var low: UInt32 = 0
    private var high: UInt32 = 0xFFFF_FFFF
    private var x: UInt32 = 0
    private let input: UnsafeRawBufferPointer
    private var position: Int
    /// Whether the decoder asked for bytes past the end of its input.
    private(set) var overran = false

    /// A decoder of `input[start...]`; the caller keeps `input` alive while decoding.
    init(input: UnsafeRawBufferPointer, start: Int) {
        self.input = input
        position = start
        for _ in 0..<4 { x = (x << 8) | UInt32(nextByte()) }
    }

    /// The number of input bytes consumed so far (including the first four).
    var bytesConsumed: Int { position }

    @inline(__always)
    private mutating func nextByte() -> UInt8 {
        if position < input.count {
            let byte = input[position]
            position += 1
            return byte
        }
        overran = true
        position += 1
        return 0
    }

    /// Decodes one bit whose probability of being 1 is `probabilityOfOne / 65536`, in 1...65535.
    @inline(__always)
    mutating func decode(probabilityOfOne p: Int) -> Int {
        let mid = low &+ UInt32(truncatingIfNeeded: (UInt64(high &- low) &* UInt64(truncatingIfNeeded: p)) >> 16)
        let bit: Int
        if x <= mid {
            bit = 1
            high = mid
        } else {
            bit = 0
            low = mid &+ 1
        }
        while (low ^ high) & 0xFF00_0000 == 0 {
            low = low << 8
            high = (high << 8) | 0xFF
            x = (x << 8) | UInt32(nextByte())
        }
        return bit
    }
}
