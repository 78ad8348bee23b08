import Testing
@testable import XentCompression

@Suite struct CRC32Tests {
    @Test func checkValueOfTheStandard() {
        // The CRC-32 check value of the catalogue of parametrised CRCs (CRC-32/ISO-HDLC).
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func emptyInputIsZero() {
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func incrementalEqualsOneShot() {
        var random = SeededBytes(seed: 7)
        let bytes = random.bytes(1000)
        var crc = CRC32()
        crc.update(Array(bytes[0..<333]))
        crc.update(Array(bytes[333...]))
        #expect(crc.value == CRC32.checksum(bytes))
    }

    @Test func detectsEverySingleBitFlip() {
        var random = SeededBytes(seed: 8)
        let bytes = random.bytes(64)
        let reference = CRC32.checksum(bytes)
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= UInt8(1 << (bit % 8))
            #expect(CRC32.checksum(flipped) != reference)
        }
    }
}
