import Foundation
import Testing
import XentCompression

@Suite struct ByteEntropyTests {
    @Test func exactValues() {
        #expect(byteEntropy(of: []) == 0)
        #expect(byteEntropy(of: [7, 7, 7]) == 0)
        #expect(byteEntropy(of: (0..<256).map { UInt8($0) }) == 8)
        #expect(abs(byteEntropy(of: [1, 1, 2, 3]) - 1.5) < 1e-15)
    }
}
