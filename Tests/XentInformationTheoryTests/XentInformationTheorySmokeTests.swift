import Testing
import XentInformationTheory

@Suite struct XentInformationTheoryModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
