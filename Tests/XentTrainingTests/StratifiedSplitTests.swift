import Testing
@testable import XentTraining

@Suite struct StratifiedSplitTests {
    @Test func eachClassGivesItsShareAndTinyClassesStayWhole() throws {
        // 50 of class 0, 20 of class 1, 2 of class 2 (like ECG5000's class 5).
        let labels = [Int](repeating: 0, count: 50) + [Int](repeating: 1, count: 20) + [2, 2]
        let split = try StratifiedSplit(labels: labels, classCount: 3, validationFraction: 0.2, seed: 7)
        let validationCounts = split.validation.reduce(into: [0, 0, 0]) { $0[labels[$1]] += 1 }
        #expect(validationCounts == [10, 4, 0])
        #expect(Set(split.fit).isDisjoint(with: split.validation))
        #expect((split.fit + split.validation).sorted() == Array(labels.indices))
    }

    @Test func theSameSeedGivesTheSameSplit() throws {
        let labels = (0..<40).map { $0 % 4 }
        let a = try StratifiedSplit(labels: labels, classCount: 4, validationFraction: 0.25, seed: 3)
        let b = try StratifiedSplit(labels: labels, classCount: 4, validationFraction: 0.25, seed: 3)
        let c = try StratifiedSplit(labels: labels, classCount: 4, validationFraction: 0.25, seed: 4)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func fractionsOutsideTheRangeAreRejected() {
        #expect(throws: TrainingError.self) {
            try StratifiedSplit(labels: [0, 1], classCount: 2, validationFraction: 0.95, seed: 1)
        }
    }
}
