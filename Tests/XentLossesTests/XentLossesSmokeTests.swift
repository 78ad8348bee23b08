import Testing
import XentLosses

@Suite struct XentLossesModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
