import Testing
import XentInformationTheory
import XentKernels

@Suite struct MutualInformationTests {
    static let cases = Fixtures.cases("joint")

    static func joint(_ fixture: Case) throws -> JointDistribution<Double> {
        guard let matrix = Matrix(rowArrays: fixture.matrix("matrix")) else { throw InformationTheoryError.empty }
        return fixture.bool("normalize") ? try JointDistribution(normalizing: matrix) : try JointDistribution(matrix)
    }

    @Test(arguments: cases)
    func matchesDit(_ fixture: Case) throws {
        let joint = try Self.joint(fixture)
        func close(_ value: Double, _ key: String) -> Bool {
            isClose(value, fixture.number(key), relative: 1e-12) || abs(value - fixture.number(key)) < 1e-14
        }
        #expect(close(jointEntropy(of: joint).value, "jointEntropy"))
        #expect(close(entropy(of: joint.marginal(of: .x)).value, "entropyX"))
        #expect(close(entropy(of: joint.marginal(of: .y)).value, "entropyY"))
        #expect(close(conditionalEntropy(of: joint, given: .y).value, "conditionalXGivenY"))
        #expect(close(conditionalEntropy(of: joint, given: .x).value, "conditionalYGivenX"))
        #expect(close(mutualInformation(of: joint).value, "mutualInformation"))
    }

    @Test(arguments: cases)
    func chainRuleHolds(_ fixture: Case) throws {
        let joint = try Self.joint(fixture)
        let hx = entropy(of: joint.marginal(of: .x)).value, hy = entropy(of: joint.marginal(of: .y)).value
        let hxy = jointEntropy(of: joint).value
        let mi = mutualInformation(of: joint).value
        #expect(abs(hxy - (hy + conditionalEntropy(of: joint, given: .y).value)) < 1e-14)
        #expect(abs(hxy - (hx + conditionalEntropy(of: joint, given: .x).value)) < 1e-14)
        #expect(abs(mi - (hx + hy - hxy)) < 1e-14)
        #expect(mi >= 0 && mi <= min(hx, hy) + 1e-15)
    }

    @Test func independentVariablesShareNothing() throws {
        // The outer product of (0.25, 0.75) and (0.5, 0.5): every cell is exact in binary.
        let joint = try JointDistribution(Matrix(rows: 2, columns: 2, elements: [0.125, 0.125, 0.375, 0.375]))
        #expect(mutualInformation(of: joint).value == 0)
        #expect(conditionalEntropy(of: joint, given: .x).value == 1)
    }

    @Test func transposingSwapsTheVariables() throws {
        let cells = [0.1, 0.0, 0.2, 0.05, 0.3, 0.35]
        let joint = try JointDistribution(Matrix(rows: 2, columns: 3, elements: cells))
        let transposed = try JointDistribution(Matrix(rows: 3, columns: 2, elements: [0.1, 0.05, 0.0, 0.3, 0.2, 0.35]))
        #expect(isClose(mutualInformation(of: joint).value, mutualInformation(of: transposed).value, relative: 1e-14))
        #expect(isClose(conditionalEntropy(of: joint, given: .y).value,
                        conditionalEntropy(of: transposed, given: .x).value, relative: 1e-14))
    }

    @Test func badCellsNameTheirRowAndColumn() {
        #expect(throws: InformationTheoryError.negativeEntry(.cell(row: 1, column: 0), value: -0.1)) {
            try JointDistribution(Matrix(rows: 2, columns: 2, elements: [0.5, 0.6, -0.1, 0.0]))
        }
        #expect(throws: InformationTheoryError.nonFiniteEntry(.cell(row: 0, column: 1), value: .infinity)) {
            try JointDistribution(normalizing: Matrix(rows: 1, columns: 2, elements: [1.0, .infinity]))
        }
        #expect(throws: InformationTheoryError.empty) {
            try JointDistribution(Matrix<Double>(rows: 0, columns: 3, elements: []))
        }
        #expect(throws: InformationTheoryError.allZero(count: 4)) {
            try JointDistribution(normalizing: Matrix(rows: 2, columns: 2, elements: [0.0, 0, 0, 0]))
        }
    }
}
