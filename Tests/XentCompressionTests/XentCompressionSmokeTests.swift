import Testing
import XentCompression

@Suite struct XentCompressionModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
