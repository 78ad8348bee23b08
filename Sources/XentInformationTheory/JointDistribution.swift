import XentKernels

/// A validated joint distribution of two discrete variables: X indexes the rows, Y the columns, and cell (x, y)
/// holds P(X = x, Y = y). Every cell is finite and ≥ 0 and the cells sum to 1.
///
/// ```swift
/// let joint = try JointDistribution(Matrix(rows: 2, columns: 2, elements: [0.4, 0.1, 0.1, 0.4]))
/// try mutualInformation(of: joint)   // 0.2781 bits
/// ```
public struct JointDistribution<Scalar: BinaryFloatingPoint & Sendable>: Hashable, Sendable {
    /// One of the two variables: X (the rows) or Y (the columns).
    public enum Variable: Hashable, Sendable {
        /// The row variable.
        case x
        /// The column variable.
        case y
    }

    /// The joint probabilities, rows for X and columns for Y; they sum to 1 (up to rounding).
    public let probabilities: Matrix<Scalar>

    /// A joint distribution from probabilities that sum to 1 within `tolerance` (then divided by their sum, as
    /// ``ProbabilityDistribution/init(_:tolerance:)`` does).
    ///
    /// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
    ///   ``InformationTheoryError/nonFiniteEntry(_:value:)`` (with the cell's row and column),
    ///   ``InformationTheoryError/notNormalized(sum:tolerance:)``, ``InformationTheoryError/invalidTolerance(_:)``.
    public init(_ probabilities: Matrix<Scalar>, tolerance: Double? = nil) throws(InformationTheoryError) {
        let flat = try Self.flattened(probabilities) { elements throws(InformationTheoryError) in
            try ProbabilityDistribution(elements, tolerance: tolerance)
        }
        self.probabilities = Matrix(rows: probabilities.rows, columns: probabilities.columns, elements: flat)
    }

    /// A joint distribution from non-negative weights or counts, divided by their sum.
    ///
    /// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
    ///   ``InformationTheoryError/nonFiniteEntry(_:value:)``, ``InformationTheoryError/allZero(count:)``.
    public init(normalizing weights: Matrix<Scalar>) throws(InformationTheoryError) {
        let flat = try Self.flattened(weights) { elements throws(InformationTheoryError) in
            try ProbabilityDistribution(normalizing: elements)
        }
        self.probabilities = Matrix(rows: weights.rows, columns: weights.columns, elements: flat)
    }

    /// The number of values of X (rows).
    public var rowCount: Int { probabilities.rows }
    /// The number of values of Y (columns).
    public var columnCount: Int { probabilities.columns }

    /// The marginal distribution of X (row sums) or Y (column sums), summed with compensation.
    public func marginal(of variable: Variable) -> ProbabilityDistribution<Scalar> {
        ProbabilityDistribution(unchecked: marginalDoubles(of: variable).map { Scalar($0) })
    }

    /// The marginal in Double.
    func marginalDoubles(of variable: Variable) -> [Double] {
        marginalSums(of: variable).map(\.value)
    }

    /// The marginal in Double, each probability as an unevaluated sum `value + low` that keeps the bits the
    /// rounded sum loses (what ``mutualInformation(of:in:)`` needs for nearly independent variables).
    func marginalParts(of variable: Variable) -> [(value: Double, low: Double)] {
        marginalSums(of: variable).map { sum in
            let value = sum.value
            return (value, (sum.sum - value) + sum.compensation)
        }
    }

    private func marginalSums(of variable: Variable) -> [CompensatedSum<Double>] {
        let rows = probabilities.rows, columns = probabilities.columns
        let count = variable == .x ? rows : columns
        var sums = [CompensatedSum<Double>](repeating: CompensatedSum(), count: count)
        for r in 0..<rows {
            for c in 0..<columns {
                sums[variable == .x ? r : c].add(Double(probabilities[r, c]))
            }
        }
        return sums
    }

    /// Validates the cells through a vector initialiser and maps an index error back to its row and column.
    private static func flattened(
        _ matrix: Matrix<Scalar>,
        _ make: ([Scalar]) throws(InformationTheoryError) -> ProbabilityDistribution<Scalar>
    ) throws(InformationTheoryError) -> [Scalar] {
        guard matrix.rows > 0, matrix.columns > 0 else { throw .empty }
        do {
            return try make(matrix.elements).probabilities
        } catch {
            let cell = { (i: Int) in InformationTheoryError.Location.cell(row: i / matrix.columns, column: i % matrix.columns) }
            switch error {
            case .negativeEntry(.index(let i), let value): throw .negativeEntry(cell(i), value: value)
            case .nonFiniteEntry(.index(let i), let value): throw .nonFiniteEntry(cell(i), value: value)
            default: throw error
            }
        }
    }
}
