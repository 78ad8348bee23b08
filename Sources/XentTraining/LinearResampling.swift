extension Collection where Element == Float {
    /// The series resampled to `length` values by linear interpolation between neighbouring values.
    ///
    /// Value `t` of the result is read at position `t · (n − 1) / (length − 1)` of the `n` input values, so the
    /// first and last values are kept and the spacing is uniform (NumPy's `np.interp` on `np.linspace(0, n − 1, length)`).
    /// Interpolation runs in `Double`. A series of `length` values comes back unchanged; a single value is repeated;
    /// `length == 1` keeps the first value; an empty series or a `length` below 1 gives an empty result.
    func linearlyResampled(to length: Int) -> [Float] {
        let source = Array(self)
        let n = source.count
        guard n > 0, length > 0 else { return [] }
        if n == length { return source }
        guard n > 1, length > 1 else { return [Float](repeating: source[0], count: length) }
        var result = [Float]()
        result.reserveCapacity(length)
        for t in 0..<length {
            // t · (n − 1) is an exact integer, so the end points and any whole positions land exactly.
            let position = Double(t * (n - 1)) / Double(length - 1)
            let left = Swift.min(Int(position), n - 1)
            let fraction = position - Double(left)
            guard fraction > 0, left < n - 1 else {
                result.append(source[left])
                continue
            }
            let a = Double(source[left])
            let b = Double(source[left + 1])
            result.append(Float(a + fraction * (b - a)))
        }
        return result
    }
}
