import Testing
@testable import XentCompression

@Suite struct MemoryRequirementTests {
    /// The documented memory bound covers what the models really allocate (within the small tables' slack).
    @Test(arguments: [1, 2, 3])
    func requirementMatchesTheAllocatedTables(level: Int) {
        let cm = ContextMixingModel(level: level).memoryByteCount
        let cmBound = CompressionModel.contextMixing(level: level).memoryRequirement
        #expect(cm <= cmBound)
        #expect(cmBound - cm < 64 * 1024)
        let order2 = ByteContextModel(order: 2, slotBits: 14 + level).memoryByteCount
        let order2Bound = CompressionModel.byteContext(order: 2, level: level).memoryRequirement
        #expect(order2 <= order2Bound)
        #expect(order2Bound - order2 < 64 * 1024)
    }

    @Test func documentedSizes() {
        #expect(CompressionModel.contextMixing(level: 6).memoryRequirement / 1_000_000 == 41)
        #expect(CompressionModel.contextMixing(level: 9).memoryRequirement / 1_000_000 == 315)
    }
}
