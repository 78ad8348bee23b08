import Testing
import XentCoding

@Suite struct XentCodingModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
