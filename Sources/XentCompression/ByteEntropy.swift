import Foundation

/// The order-0 byte entropy of `bytes` in bits per byte: `−Σ f(b)·log2 f(b)` over the 256 byte values' relative
/// frequencies `f` (0 for empty input; 0·log 0 = 0). It is the size per byte of the best code that ignores
/// context, the yardstick against which a compressor's bits per byte show what context is worth.
public func byteEntropy(of bytes: [UInt8]) -> Double {
    guard !bytes.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for byte in bytes { counts[Int(byte)] += 1 }
    let total = Double(bytes.count)
    var entropy = 0.0
    for count in counts where count > 0 {
        let f = Double(count) / total
        entropy -= f * log2(f)
    }
    return entropy
}
