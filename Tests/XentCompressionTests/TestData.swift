@testable import XentCompression
import XentKernels

/// Seeded test inputs from the package's SplitMix64, so every run sees the same bytes.
typealias SeededBytes = SplitMix64

extension SplitMix64 {
    /// `count` uniform random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// A uniform value in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// English-like text: words drawn from a small vocabulary with Zipf-like frequencies.
func sampleText(words count: Int, seed: UInt64) -> [UInt8] {
    let vocabulary = [
        "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as", "his", "on",
        "be", "at", "by", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "you",
        "were", "her", "all", "she", "there", "would", "their", "we", "him", "been", "has", "when", "who", "will",
        "more", "no", "if", "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can",
        "Alice", "rabbit", "queen", "entropy", "cross-entropy", "information", "message", "bits",
    ]
    var random = SeededBytes(seed: seed)
    var text = ""
    for i in 0..<count {
        let r = random.below(vocabulary.count * vocabulary.count)
        let index = Int(Double(r).squareRoot()) // favours later words; reverse for Zipf-like
        text += vocabulary[vocabulary.count - 1 - min(index, vocabulary.count - 1)]
        text += i % 13 == 12 ? ".\n" : " "
    }
    return Array(text.utf8)
}

/// The models the tests run, at their smallest memory level so that debug builds stay fast.
let testModels: [CompressionModel] = [
    .byteContext(order: 0, level: 1), .byteContext(order: 2, level: 1), .byteContext(order: 5, level: 1),
    .contextMixing(level: 1),
]
