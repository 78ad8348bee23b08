import Foundation
import XentCompression
import XentKernels

/// Fuzzes the format-1 reader of the decompressor: a seeded mutation loop over valid one-shot containers (format
/// version 1, `compressVersion1`) of every model (at small levels).
///
/// Each input is a valid container with 1 to 4 mutations (bit flips, random bytes, inserted, deleted or
/// duplicated runs, truncation, appended bytes); half of them then get a correct header CRC (and a quarter a
/// matching payload length), so that the checks behind the header checksum are reached too. Every input must
/// give either the original bytes or a `CompressionError`; the harness reports the slowest input and the peak
/// resident memory, which must stay within the largest model's checked limit (level 9 is allowed by a forged but
/// well-formed header).
func fuzzDecompressor(iterations: Int, seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var corpus: [(container: [UInt8], original: [UInt8])] = []
    let models: [CompressionModel] = [
        .contextMixing(level: 1), .byteContext(order: 0, level: 1), .byteContext(order: 2, level: 1),
        .byteContext(order: 6, level: 2), .contextMixing(level: 2),
    ]
    let inputs = compressionSampleInputs(&random)
    for model in models {
        for input in inputs {
            guard let compressor = try? Compressor(model: model), let container = try? compressor.compressVersion1(input) else {
                print("decompress harness: could not build the corpus")
                exit(1)
            }
            corpus.append((container, input))
        }
    }
    var tally = FuzzTally(harness: "decompress harness")
    for iteration in 0..<iterations {
        let entry = corpus[random.below(corpus.count)]
        var bytes = entry.container
        for _ in 0..<(1 + random.below(4)) { mutate(&bytes, &random) }
        if bytes.count >= 28 && random.below(2) == 0 {
            if random.below(2) == 0 {
                let length = UInt32(truncatingIfNeeded: bytes.count - 28)
                for i in 0..<4 { bytes[20 + i] = UInt8(truncatingIfNeeded: length >> UInt32(8 * i)) }
            }
            let crc = CRC32.checksum(Array(bytes[0..<24]))
            for i in 0..<4 { bytes[24 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
        }
        let t0 = Date()
        do {
            let output = try Compressor.decompress(bytes)
            tally.accept()
            if output != entry.original {
                // A mutated container whose data and CRC-32 both changed consistently: silent garbage.
                print("decompress harness: FAILED at input \(iteration): a mutated container decoded to other data")
                exit(1)
            }
        } catch {
            tally.reject(compressionErrorName(error))
        }
        tally.timed(iteration, size: bytes.count, since: t0)
    }
    tally.printSummary(iterations: iterations, seed: seed, acceptedMeaning: "decoded to the original bytes, CRC-32 matched")
}

private func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
    let header = 28
    // Aim half the mutations at the header region, where the parser's checks are.
    let position = bytes.isEmpty ? 0 : (random.below(2) == 0 ? random.below(min(bytes.count, header)) : random.below(bytes.count))
    mutateBytes(&bytes, at: position, &random)
}

