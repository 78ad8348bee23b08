import Foundation
import XentCoding

/// `xent code --benchmark`: the static-model arithmetic coder's throughput on a 256-symbol model, one core.
///
/// The model is Zipf's law over 256 byte values (P(k) ∝ 1/(k+1), about 6.1 bits per symbol); the message is
/// sampled from it with a seed. Each of five runs codes the whole message; the best time counts (MB/s = 10^6
/// symbols per second, one byte per symbol). Times are the thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), so that
/// other work on a shared machine does not count; the wall-clock figures are in the JSON output too.
struct CodeBenchmark {
    var symbols: Int
    var seed: UInt64
    var json: Bool

    func run() throws {
        let p = (0..<256).map { 1 / Double($0 + 1) }
        let model = try ANSModel(probabilities: p)
        let message = try MessageSampler(probabilities: p).sample(count: symbols, seed: seed).map { UInt8($0) }
        let entropy = try HuffmanCode(probabilities: p).entropyBits
        var coded = try ANSCoder.encode(message, under: model)
        var decoded: [UInt8] = []
        var bestEncode = Double.infinity
        var bestDecode = Double.infinity
        var bestEncodeWall = Double.infinity
        var bestDecodeWall = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<5 {
            let (c0, t0) = (cpuSeconds(), clock.now)
            coded = try ANSCoder.encode(message, under: model)
            let (c1, t1) = (cpuSeconds(), clock.now)
            decoded = try ANSCoder.decode(coded, count: message.count, under: model, as: UInt8.self)
            let (c2, t2) = (cpuSeconds(), clock.now)
            bestEncode = min(bestEncode, c1 - c0)
            bestDecode = min(bestDecode, c2 - c1)
            bestEncodeWall = min(bestEncodeWall, seconds(t1 - t0))
            bestDecodeWall = min(bestDecodeWall, seconds(t2 - t1))
        }
        guard decoded == message else { throw CLIError("--benchmark: the round trip failed", exitCode: .software) }
        let information = try model.informationContentBits(of: message)
        let encodeRate = Double(symbols) / bestEncode / 1e6
        let decodeRate = Double(symbols) / bestDecode / 1e6
        let overhead = Double(coded.bitCount) - information
        if json {
            try printLine(JSONValue.object([
                ("value", .number(encodeRate)), ("unit", .string("MB/s")),
                ("encode_mb_per_s", .number(encodeRate)), ("decode_mb_per_s", .number(decodeRate)),
                ("encode_wall_mb_per_s", .number(Double(symbols) / bestEncodeWall / 1e6)),
                ("decode_wall_mb_per_s", .number(Double(symbols) / bestDecodeWall / 1e6)),
                ("symbols", .integer(symbols)), ("entropy", .number(entropy)),
                ("bits", .integer(coded.bitCount)), ("information_content", .number(information)),
                ("overhead_bits", .number(overhead)), ("overhead_fraction", .number(overhead / information)),
                ("quantization_overhead_bits_per_symbol", .number(model.quantizationOverheadBits)),
            ]).text)
            return
        }
        let lines = [
            "rANS static-model coder, 256-symbol Zipf model (H = \(NumberText.fixed(entropy, 6)) bits/symbol), "
                + "\(symbols) symbols, best of 5, one core (thread CPU time)",
            "",
        ]
        let rows = [
            ["encode", NumberText.fixed(encodeRate, 1), "MB/s"],
            ["decode", NumberText.fixed(decodeRate, 1), "MB/s"],
            ["coded length", String(coded.bitCount), "bits"],
            ["information content", NumberText.fixed(information, 1), "bits"],
            ["overhead", NumberText.fixed(overhead, 1, sign: true), "bits (" + NumberText.scientific(overhead / information, 2) + " of the content)"],
        ]
        let aligned = TextTable(rows.map { [$0[0], $0[1]] }, alignments: [.left, .right]).lines
        let table = zip(aligned, rows).map { $0 + " " + $1[2] }
        for line in lines + table { try printLine(line) }
    }

    /// The calling thread's CPU time in seconds.
    private func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
