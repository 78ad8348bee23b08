/// Mean and sample standard deviation (n − 1; 0 for one value).
public enum MeanAndDeviation {
    public static func of(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }
}
