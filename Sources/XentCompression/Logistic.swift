/// The logistic function and its inverse in the fixed point the models use, computed with integers only so that
/// the encoder and the decoder agree bit for bit on every machine.
///
/// - `squash(x) = 4096 / (1 + e^(−x/256))`: a logit in units of 1/256 (clamped to −2047...2047, so ±8 nats) to a
///   probability in units of 1/4096, by linear interpolation of 33 rounded samples (Mahoney's lpaq table).
/// - `stretch(p) = ln(p / (1 − p))`: the inverse, tabulated for the 4096 probabilities as the smallest logit whose
///   squash reaches `p`.
struct LogisticTables {
    /// stretch for p in 0..<4096 (logit units of 1/256).
    let stretchTable: UnsafeMutablePointer<Int32>
    /// squash for x in -2048...2047, stored at x + 2048.
    let squashTable: UnsafeMutablePointer<Int32>
    /// Keeps the tables' memory alive as long as any copy of this value.
    private let owner: ModelMemory

    init(memory: ModelMemory) {
        owner = memory
        squashTable = memory.table(of: Int32.self, count: 4096, initialValue: 0)
        stretchTable = memory.table(of: Int32.self, count: 4096, initialValue: 0)
        for x in -2048...2047 {
            squashTable[x + 2048] = Int32(LogisticTables.computeSquash(x))
        }
        var next = 0
        for x in -2047...2047 {
            let p = LogisticTables.computeSquash(x)
            if p >= next {
                for j in next...p { stretchTable[j] = Int32(x) }
                next = p + 1
            }
        }
        if next < 4096 {
            for j in next..<4096 { stretchTable[j] = 2047 }
        }
    }

    /// The interpolated logistic function (probability units of 1/4096).
    static func computeSquash(_ x: Int) -> Int {
        if x > 2047 { return 4095 }
        if x < -2047 { return 1 }
        let samples = [
            1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607,
            3785, 3901, 3975, 4024, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
        ]
        let w = x & 127
        let i = (x >> 7) + 16
        return (samples[i] * (128 - w) + samples[i + 1] * w + 64) >> 7
    }

    /// The probability (units of 1/4096) of a logit (units of 1/256), clamped to 1...4095.
    @inline(__always)
    func squash(_ x: Int) -> Int {
        let clamped = x > 2047 ? 2047 : (x < -2047 ? -2047 : x)
        return Int(squashTable[clamped + 2048])
    }

    /// The logit (units of 1/256) of a probability in units of 1/4096 (0..<4096).
    @inline(__always)
    func stretch(_ p: Int) -> Int {
        Int(stretchTable[p])
    }
}
