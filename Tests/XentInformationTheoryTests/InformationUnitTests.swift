import Testing
import XentInformationTheory

@Suite struct InformationUnitTests {
    @Test func namedBasesAreCanonical() throws {
        #expect(try InformationUnit(base: 2) == .bits)
        #expect(try InformationUnit(base: 10) == .hartleys)
        #expect(try InformationUnit(base: InformationUnit.nats.base) == .nats)
        #expect(InformationUnit.bits.name == "bits")
        #expect(try InformationUnit(base: 3).name == "base-3 units")
        #expect(try InformationUnit(base: 1.5).symbol == "base-1.5")
    }

    @Test(arguments: [1.0, 0, -2, .infinity, .nan])
    func invalidBasesThrow(base: Double) {
        #expect(throws: InformationTheoryError.self) { try InformationUnit(base: base) }
    }

    @Test func conversionsMatchTheLogarithmIdentities() throws {
        let oneBit = Information(1.0, .bits)
        #expect(oneBit.converted(to: .nats).value == 0.693_147_180_559_945_3)
        #expect(isClose(oneBit.converted(to: .hartleys).value, 0.301_029_995_663_981_2, relative: 1e-15))
        #expect(isClose(Information(1.0, .nats).converted(to: .bits).value, 1.442_695_040_888_963_4, relative: 1e-15))
        let base4 = try InformationUnit(base: 4)
        #expect(isClose(Information(2.0, .bits).converted(to: base4).value, 1, relative: 1e-15))
        #expect(Information(Float(1), .bits).converted(to: .bits).value == 1)
        #expect(Information(1.5, .bits).description == "1.5 bits")
    }
}
