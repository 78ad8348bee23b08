import Testing
import XentTraining

@Suite struct XentTrainingModuleTests {
    @Test func moduleLinks() {
        #expect(Bool(true))
    }
}
