import XentKernels

/// How the unchecked API walks the predictions: `outer` blocks of `classes × inner` elements.
///
/// The element of class `c` in row `(o, i)` lies at `(o * classes + c) * inner + i`. With the class axis
/// last (`[N, K]`, `[N, d1, …, K]`), `inner` is 1 and each row is contiguous; with the class axis second
/// (`[N, C, d1, …]`), `outer` is N and `inner` is d1·…, so a row is strided.
public struct LossLayout: Sendable, Hashable {
    /// The size of the first axis: the divisor of ``LossReduction/batchmean``.
    public var batch: Int
    /// The product of the axes before the class axis.
    public var outer: Int
    /// The number of classes (labels for binary losses).
    public var classes: Int
    /// The product of the axes after the class axis (1 when the class axis is last).
    public var inner: Int
    /// The size of the last axis: Keras smooths categorical labels by ε over this size, even when the
    /// class axis is not last.
    public var lastAxis: Int

    /// A batch of `rows` rows of `classes` contiguous classes (`[rows, classes]`).
    public init(rows: Int, classes: Int) {
        self.batch = rows
        self.outer = rows
        self.classes = classes
        self.inner = 1
        self.lastAxis = classes
    }

    /// The layout of predictions of the given shape, or `nil` when the shape has no class axis of that kind.
    ///
    /// A rank-1 shape `[K]` is one row of K classes (Keras then averages binary losses over it, PyTorch
    /// treats it as one unbatched sample). ``ClassAxis/second`` needs rank 2 or more.
    public init?(shape: [Int], classAxis: ClassAxis) {
        guard !shape.isEmpty, Tensor<Double>.elementCount(of: shape) != nil else { return nil }
        switch (classAxis, shape.count) {
        case (_, 1):
            self.batch = shape[0]
            self.outer = 1
            self.classes = shape[0]
            self.inner = 1
        case (.last, _):
            self.batch = shape[0]
            self.classes = shape[shape.count - 1]
            self.outer = shape.dropLast().reduce(1, *)
            self.inner = 1
        case (.second, _):
            self.batch = shape[0]
            self.classes = shape[1]
            self.outer = shape[0]
            self.inner = shape.dropFirst(2).reduce(1, *)
        }
        self.lastAxis = shape[shape.count - 1]
    }

    /// The number of rows: one per loss value of a categorical loss (`outer · inner`).
    public var rowCount: Int { outer * inner }
    /// The number of prediction elements (`outer · classes · inner`).
    public var elementCount: Int { outer * classes * inner }
}

