/// A dense, row-major matrix of scalars: the small value type the checked APIs of Xent take and return.
///
/// Rows are samples (or distributions), columns are classes (or outcomes). Storage is one contiguous
/// array, so `elements.withUnsafeBufferPointer` hands the unchecked kernels their input without a copy.
public struct Matrix<Scalar>: Sendable where Scalar: Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// All elements, row after row (`rows * columns` of them).
    public var elements: [Scalar]

    /// Creates a matrix from its row-major elements.
    ///
    /// - Precondition: `elements.count == rows * columns`, `rows >= 0`, `columns >= 0`.
    ///   Use ``init(validatingRows:columns:elements:)`` where the sizes come from user input.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "Matrix: \(elements.count) elements cannot fill \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Creates a matrix from its row-major elements, or returns `nil` when the sizes do not agree.
    public init?(validatingRows rows: Int, columns: Int, elements: [Scalar]) {
        guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns).partialValue == elements.count,
              !rows.multipliedReportingOverflow(by: columns).overflow else { return nil }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Creates a matrix from an array of equally long rows, or returns `nil` when the rows are ragged.
    public init?(rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else { return nil }
        self.rows = rowArrays.count
        self.columns = columns
        self.elements = rowArrays.flatMap { $0 }
    }

    /// Creates a `rows × columns` matrix with every element equal to `value`.
    public init(repeating value: Scalar, rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative size \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// The element at `row`, `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The elements of one row, as a new array.
    public func row(_ index: Int) -> [Scalar] {
        Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    /// The rows as arrays.
    public var rowArrays: [[Scalar]] {
        (0..<rows).map { row($0) }
    }
}

extension Matrix: Equatable where Scalar: Equatable {}
extension Matrix: Hashable where Scalar: Hashable {}
