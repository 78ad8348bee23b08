import Testing
import XentTensorIO

@Suite struct XentTensorIOModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
