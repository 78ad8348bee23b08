import Foundation
import XentCompression
import XentKernels

/// Fuzzes the streaming container (formats 2 and 3): a seeded mutation loop over valid streams of every model with
/// small frames, plain and segmented, fed to `DecompressingStream` (on 1 or 2 threads) in chunks of random sizes.
///
/// Each input is a valid stream with 1 to 4 mutations: the byte mutations of the `decompress` harness (bit
/// flips, random bytes, inserted, deleted or duplicated runs, truncation, appended bytes), and structural ones
/// aimed at the container: frames swapped, dropped or repeated; a field of the stream header, a frame header or
/// the end marker rewritten (versions, lengths, sequence numbers, kinds, methods, restart flags, counts,
/// checksums). Half the inputs then get every header CRC recomputed, as a forger would, so that the checks behind
/// them are reached. Every input must decode to the original bytes or throw a `CompressionError`.
func fuzzStreams(iterations: Int, seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var corpus: [(container: [UInt8], original: [UInt8])] = []
    let models: [CompressionModel] = [
        .contextMixing(level: 1), .byteContext(order: 0, level: 1), .byteContext(order: 2, level: 1),
    ]
    let inputs = compressionSampleInputs(&random)
    for model in models {
        // Plain streams (version 2), and segmented ones (version 3: the model restarts every four frames, or after
        // the shortest segment the model allows, 1/4096 of its memory, if longer).
        let shortest = model.memoryRequirement / 4096
        func segment(_ frame: Int) -> Int { (max(4 * frame, shortest) + frame - 1) / frame * frame }
        for (frameLength, segmentLength) in [(16, nil), (64, nil), (1 << 20, nil), (16, segment(16)), (64, segment(64))]
            as [(Int, Int?)]
        {
            for input in inputs {
                guard let stream = try? CompressingStream(
                    model: model, frameLength: frameLength, segmentLength: segmentLength, threads: 2)
                else {
                    print("stream harness: could not build the corpus")
                    exit(1)
                }
                var container: [UInt8] = []
                stream.write(input) { container.append(contentsOf: $0) }
                stream.finish { container.append(contentsOf: $0) }
                corpus.append((container, input))
            }
        }
    }
    var tally = FuzzTally(harness: "stream harness")
    for iteration in 0..<iterations {
        let entry = corpus[random.below(corpus.count)]
        var bytes = entry.container
        for _ in 0..<(1 + random.below(4)) {
            if random.below(2) == 0 { mutateBytes(&bytes, &random) } else { mutateStructure(&bytes, &random) }
        }
        if random.below(2) == 0 { fixChecksums(&bytes) }
        let t0 = Date()
        // One or two threads: a segmented stream's segments then decode in batches, held back until they do.
        guard let decoder = try? DecompressingStream(threads: 1 + random.below(2)) else {
            print("stream harness: could not build a decoder")
            exit(1)
        }
        var output: [UInt8] = []
        do throws(CompressionError) {
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 1 + random.below(random.below(2) == 0 ? 8 : 400))
                try decoder.write(Array(bytes[offset..<end])) { output.append(contentsOf: $0) }
                offset = end
            }
            try decoder.finish { output.append(contentsOf: $0) }
            tally.accept()
            if output != entry.original {
                print("stream harness: FAILED at input \(iteration): a mutated stream decoded to other data")
                exit(1)
            }
        } catch {
            tally.reject(compressionErrorName(error))
        }
        tally.timed(iteration, size: bytes.count, since: t0)
    }
    tally.printSummary(iterations: iterations, seed: seed, acceptedMeaning: "decoded to the original bytes")
}

/// The offsets of the blocks (frame headers and end marker) that parse in order from the stream header on.
private func blockOffsets(_ bytes: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var offset = 16
    while offset + 24 <= bytes.count {
        offsets.append(offset)
        if bytes[offset] != 0x46 { break }
        let payload = Int(readLE(bytes, offset + 12, 4))
        offset += 24 + payload
    }
    return offsets
}

private func readLE(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> UInt64 {
    (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
}

private func writeLE(_ value: UInt64, _ bytes: inout [UInt8], _ offset: Int, _ count: Int) {
    for i in 0..<count where offset + i < bytes.count {
        bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i))
    }
}

/// Recomputes the stream header's CRC and every block header's CRC that can be found.
private func fixChecksums(_ bytes: inout [UInt8]) {
    guard bytes.count >= 16 else { return }
    writeLE(UInt64(CRC32.checksum(Array(bytes[0..<12]))), &bytes, 12, 4)
    for offset in blockOffsets(bytes) {
        writeLE(UInt64(CRC32.checksum(Array(bytes[offset..<(offset + 20)]))), &bytes, offset + 20, 4)
    }
}

private func mutateStructure(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
    let blocks = blockOffsets(bytes)
    let frames = blocks.filter { bytes[$0] == 0x46 }
    func frameRange(_ offset: Int) -> Range<Int> {
        offset..<min(bytes.count, offset + 24 + Int(readLE(bytes, offset + 12, 4)))
    }
    let interesting: [UInt64] = [0, 1, 2, 3, 4, 15, 16, 17, 63, 64, 65, 255, 256, 7_700, 1 << 20, 1 << 24,
                                  (1 << 24) + 1, 0xFFFF_FFFF, UInt64.max]
    func value() -> UInt64 {
        random.below(2) == 0 ? interesting[random.below(interesting.count)] : random.next() >> UInt64(random.below(64))
    }
    switch random.below(6) {
    case 0 where frames.count >= 2:
        // Swap two frames.
        let a = frames[random.below(frames.count)], b = frames[random.below(frames.count)]
        let (first, second) = (min(a, b), max(a, b))
        guard first != second else { return }
        let ra = frameRange(first), rb = frameRange(second)
        let partA = Array(bytes[ra]), partB = Array(bytes[rb])
        bytes.replaceSubrange(rb, with: partA)
        bytes.replaceSubrange(ra, with: partB)
    case 1 where !frames.isEmpty:
        // Drop a frame, or repeat one.
        let range = frameRange(frames[random.below(frames.count)])
        if random.below(2) == 0 {
            bytes.removeSubrange(range)
        } else {
            let copy = Array(bytes[range])
            bytes.insert(contentsOf: copy, at: blocks[random.below(blocks.count)])
        }
    case 2:
        // A stream-header field: version (2 and 3 swapped), model id, parameters, frame length.
        guard bytes.count >= 16 else { return }
        switch random.below(5) {
        case 4: bytes[4] = bytes[4] == 2 ? 3 : 2
        case 0: bytes[5] = UInt8(truncatingIfNeeded: value())
        case 1: bytes[6] = UInt8(truncatingIfNeeded: value())
        case 2: bytes[7] = UInt8(truncatingIfNeeded: value())
        default: writeLE(value(), &bytes, 8, 4)
        }
    case 3 where !blocks.isEmpty, 4 where !blocks.isEmpty:
        // A frame-header or end-marker field.
        let offset = blocks[random.below(blocks.count)]
        switch random.below(8) {
        case 0: bytes[offset] = [0x46, 0x45, UInt8(truncatingIfNeeded: value())][random.below(3)]
        case 1: bytes[offset + 1] = UInt8(truncatingIfNeeded: value())
        case 6: bytes[offset + 2] = [0, 1, UInt8(truncatingIfNeeded: value())][random.below(3)]  // flags
        case 2: writeLE(value(), &bytes, offset + 4, 4)
        case 3: writeLE(value(), &bytes, offset + 8, 4)
        case 4: writeLE(value(), &bytes, offset + 12, 4)
        case 5: writeLE(value(), &bytes, offset + 8, 8)
        default: writeLE(value(), &bytes, offset + 16, 4)
        }
    default:
        // Cut at a block boundary, or just after one.
        guard !blocks.isEmpty else { return }
        let cut = min(bytes.count, blocks[random.below(blocks.count)] + random.below(3) * random.below(30))
        bytes.removeSubrange(cut...)
    }
}

private func mutateBytes(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
    let position = bytes.isEmpty ? 0 : random.below(bytes.count)
    mutateBytes(&bytes, at: position, &random)
}

