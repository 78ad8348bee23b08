/// A dense N-dimensional array in C (row-major) order: what a `.npy` file holds, and what the losses take
/// when the class axis is not the last one (PyTorch's `[N, C, d1, …]` layout).
public struct Tensor<Scalar>: Sendable where Scalar: Sendable {
    /// The size of each axis, outermost first. An empty shape is a scalar (one element).
    public let shape: [Int]
    /// All elements in C order (`shape.reduce(1, *)` of them).
    public var elements: [Scalar]

    /// Creates a tensor from its shape and C-order elements.
    ///
    /// - Precondition: every size is non-negative and their product is `elements.count`.
    ///   Use ``init(validatingShape:elements:)`` where the sizes come from user input.
    public init(shape: [Int], elements: [Scalar]) {
        precondition(Tensor.elementCount(of: shape) == elements.count,
                     "Tensor: \(elements.count) elements cannot fill shape \(shape)")
        self.shape = shape
        self.elements = elements
    }

    /// Creates a tensor, or returns `nil` when the shape is invalid or does not match the element count.
    public init?(validatingShape shape: [Int], elements: [Scalar]) {
        guard let count = Tensor.elementCount(of: shape), count == elements.count else { return nil }
        self.shape = shape
        self.elements = elements
    }

    /// A matrix viewed as a rank-2 tensor.
    public init(_ matrix: Matrix<Scalar>) {
        self.shape = [matrix.rows, matrix.columns]
        self.elements = matrix.elements
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements, `nil` when a size is negative or the product overflows `Int`.
    public static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// The rank-2 view of this tensor, when it has rank 2 (or rank 1, as one column).
    public var matrix: Matrix<Scalar>? {
        switch shape.count {
        case 2: return Matrix(rows: shape[0], columns: shape[1], elements: elements)
        case 1: return Matrix(rows: shape[0], columns: 1, elements: elements)
        default: return nil
        }
    }
}

extension Tensor: Equatable where Scalar: Equatable {}
