import Foundation
import XentCompression
import XentKernels

/// The inputs that both compression harnesses build their valid containers from: empty, one byte, 200 zeros, a
/// short and a longer text, 120 random bytes (drawn from `random`) and every byte value once.
func compressionSampleInputs(_ random: inout SplitMix64) -> [[UInt8]] {
    let text = Array("It was the best of times, it was the worst of times; the cross-entropy of a code is its length. ".utf8)
    return [
        [], [65], [UInt8](repeating: 0, count: 200), Array(text.prefix(60)), text + text,
        (0..<120).map { _ in UInt8(truncatingIfNeeded: random.next()) },
        (0..<256).map { UInt8($0) },
    ]
}

/// The name of an error's case, the key the harnesses tally rejections under; for `invalidFrame` the reason
/// without its numbers is added (which check fired).
func compressionErrorName(_ error: CompressionError) -> String {
    // Every case has associated values, so the mirror's one child is labelled with the case name.
    let name = Mirror(reflecting: error).children.first?.label ?? "\(error)"
    if case .invalidFrame(_, let reason) = error {
        return name + " (" + reason.components(separatedBy: CharacterSet.decimalDigits).joined() + ")"
    }
    return name
}
