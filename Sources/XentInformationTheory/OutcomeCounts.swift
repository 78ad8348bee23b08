/// How often each distinct outcome occurs in a sample: the input of the entropy estimators.
///
/// Outcomes are numbered in order of first appearance.
///
/// ```swift
/// let counts = OutcomeCounts(["a", "b", "a", "c", "a"])
/// counts.outcomes   // ["a", "b", "c"]
/// counts.counts     // [3, 1, 1]
/// try entropy(estimatedFrom: counts.counts, using: .millerMadow)
/// ```
public struct OutcomeCounts<Outcome: Hashable & Sendable>: Sendable {
    /// The distinct outcomes, in order of first appearance.
    public private(set) var outcomes: [Outcome] = []
    /// How often each outcome occurs (`counts[i]` for `outcomes[i]`).
    public private(set) var counts: [Int] = []
    /// The number of samples.
    public private(set) var total = 0
    private var indexOf: [Outcome: Int] = [:]

    /// Empty counts.
    public init() {}

    /// The counts of `samples`.
    public init<Samples: Sequence>(_ samples: Samples) where Samples.Element == Outcome {
        for sample in samples { add(sample) }
    }

    /// Counts one more occurrence of `outcome`.
    public mutating func add(_ outcome: Outcome) {
        if let i = indexOf[outcome] {
            counts[i] += 1
        } else {
            indexOf[outcome] = counts.count
            outcomes.append(outcome)
            counts.append(1)
        }
        total += 1
    }

    /// The empirical (plug-in) distribution: each count divided by the total.
    ///
    /// - Throws: ``InformationTheoryError/empty`` when there are no samples.
    public func distribution() throws(InformationTheoryError) -> ProbabilityDistribution<Double> {
        try ProbabilityDistribution(counts: counts)
    }
}
