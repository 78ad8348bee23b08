/// A stratified split of a training set into a part to fit on and a validation part that chooses the epoch and
/// any setting, so that the test set is touched once, at the end.
public struct StratifiedSplit: Sendable, Equatable {
    /// Indices of the series to fit on, ascending.
    public let fit: [Int]
    /// Indices of the validation series, ascending.
    public let validation: [Int]

    /// Splits the indices of `labels` class by class: each class gives `round(fraction · n)` of its `n` series to
    /// validation, but always keeps at least one to fit on, and gives none when it has fewer than 3 series
    /// (ECG5000's class 5 has 2 training series: both are needed to learn it at all).
    ///
    /// - Throws: ``TrainingError/invalidSetting(name:value:expected:)`` when `fraction` is not in [0, 0.9].
    public init(labels: [Int], classCount: Int, validationFraction fraction: Double, seed: UInt64) throws(TrainingError) {
        guard fraction >= 0, fraction <= 0.9 else {
            throw TrainingError.invalidSetting(
                name: "validation fraction", value: "\(fraction)", expected: "a fraction in [0, 0.9]")
        }
        var generator = SeededGenerator(seed: seed ^ 0x5EED_5711_7000_0000)
        var validation = [Int]()
        for k in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == k }
            guard members.count >= 3 else { continue }
            generator.shuffle(&members)
            let take = min(members.count - 1, Int((fraction * Double(members.count)).rounded()))
            validation.append(contentsOf: members.prefix(take))
        }
        let chosen = Set(validation)
        self.validation = validation.sorted()
        self.fit = labels.indices.filter { !chosen.contains($0) }
    }
}
