import Testing
import XentCompressionC
@testable import XentCompression

/// The four-lane hashing of ContextPlaces.c against the scalar definitions it replaces (`mixHash` with each hashed
/// input's salt; `NibbleBucket.hash` and the place layout), lane by lane, on random and extreme values.
@Suite struct ContextPlacesTests {
    static let salts: [UInt64] = [2, 3, 4, 6, 7, 9, 10]

    static func values(_ seed: UInt64) -> [UInt64] {
        var random = SeededBytes(seed: seed)
        var values = (0..<16).map { _ in random.next() }
        values[0] = 0
        values[9] = .max
        return values
    }

    @Test func contextHashesAreMixHashWithEachSalt() {
        for seed in 0..<50 as Range<UInt64> {
            let v = ContextPlacesTests.values(seed)
            var hashes = [UInt64](repeating: 0, count: 8)
            xc_cm_hash_contexts(v[1], v[2], v[3], v[seed % 2 == 0 ? 0 : 9], &hashes)
            let expected = [
                v[1] & 0xFFFF, v[1] & 0xFF_FFFF, v[1] & 0xFFFF_FFFF, v[1] & 0xFFFF_FFFF_FFFF, v[2], v[3],
                v[seed % 2 == 0 ? 0 : 9],
            ]
            for i in 0..<7 { #expect(hashes[i] == mixHash(expected[i], ContextPlacesTests.salts[i])) }
        }
    }

    @Test func placesAreTheBucketHashesLaidOut() {
        let counters = [UInt16](repeating: 0, count: 1 << 12)
        let lineMask: UInt64 = (1 << 7) - 1
        for seed in 0..<50 as Range<UInt64> {
            let hashes = ContextPlacesTests.values(seed)
            let partial = Int(seed % 16) + 16
            for (stride, step) in [(0, 1), (8, 0)] {
                var places = [UInt64](repeating: 0, count: 16)
                counters.withUnsafeBufferPointer {
                    xc_cm_locate(hashes, Int64(stride), 2, Int64(partial), Int64(step), lineMask, $0.baseAddress!, &places)
                }
                for row in 0..<2 {
                    for i in 0..<7 {
                        let h = NibbleBucket.hash(hashes[stride * row + i], partialByte: partial + step * row)
                        let place = places[8 * row + i]
                        #expect(place == (h & lineMask) << 21 | h >> 48 | 1)
                        #expect(place >> 16 < UInt64(counters.count))
                    }
                }
            }
        }
    }
}
