import XentKernels

/// One random edit of `bytes` at `position` (the harnesses choose where): a flipped bit (twice as likely as the
/// others), a replaced byte, a short random insertion or deletion, a truncated or extended end, or a copy of a
/// nearby run. Every harness mutates through this one function, so a seed gives the same edits in each.
func mutateBytes(_ bytes: inout [UInt8], at position: Int, _ random: inout SplitMix64) {
    switch random.below(8) {
    case 0, 1:
        if !bytes.isEmpty { bytes[position] ^= UInt8(1 << random.below(8)) }
    case 2:
        if !bytes.isEmpty { bytes[position] = UInt8(truncatingIfNeeded: random.next()) }
    case 3:
        bytes.insert(contentsOf: (0..<(1 + random.below(8))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
    case 4:
        if !bytes.isEmpty { bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(8))) }
    case 5:
        bytes.removeLast(min(bytes.count, 1 + random.below(16)))
    case 6:
        bytes.append(contentsOf: (0..<(1 + random.below(8))).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    default:
        if bytes.count > 8 {
            let start = random.below(bytes.count - 4)
            let run = bytes[start..<min(bytes.count, start + 1 + random.below(32))]
            bytes.insert(contentsOf: run, at: position)
        }
    }
}
