import Testing
import XentKernels
@testable import XentTensorIO

/// A short seeded mutation run over the readers (the full harness, 10^6 inputs, is `xent-fuzz tensor-files`):
/// every input decodes or throws a `TensorFileError`, and a decoded tensor never holds more elements than the input
/// has bytes.
@Suite struct TensorFileFuzzTests {
    @Test func mutatedInputsDecodeOrThrowTypedErrors() {
        var rng = SplitMix64(seed: 2026)
        let seeds: [[UInt8]] = [
            NumPyFile.encode(Tensor<Float>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])),
            NumPyFile.encode(Tensor<Int64>(shape: [3], elements: [0, 2, -100])),
            NumPyFile.encode(Tensor<Double>(shape: [1, 2, 2], elements: [0.5, 0.25, 1e-300, -0.0])),
            Array("a,b\n0.5,0.5\n# c\n1e-7 , 1\r\n".utf8),
            Array("2\n0\n-100\n".utf8),
        ]
        let tokens: [[UInt8]] = ["(4294967296, 4294967296)", "(1000000000000,)", "-1", "'<f2'", "((((((((((", ",", "\n",
                                 "nan", "1e99999", "True", "99999999999999999999"].map { Array($0.utf8) }
        var decoded = 0
        var oversized = 0
        for _ in 0..<20_000 {
            var input = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + rng.next() % 3) {
                let at = Int(rng.next() % UInt64(input.count + 1))
                switch rng.next() % 4 {
                case 0 where at < input.count: input[at] ^= 1 << UInt8(rng.next() % 8)
                case 1: input.removeLast(input.count - at)
                case 2: input.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: at)
                default: input.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                }
            }
            let type = TensorScalarType.allCases[Int(rng.next() % 4)]
            if let tensor = try? TensorFile.decode(input, csvScalarType: type) {
                decoded += 1
                if tensor.count > input.count { oversized += 1 }
            }
        }
        #expect(oversized == 0)
        #expect(decoded > 100 && decoded < 20_000)
    }
}
