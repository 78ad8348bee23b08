extension Array where Element == Float {
    /// The series with its missing values (NaN) filled by linear interpolation between the nearest values present
    /// on either side (the simplest imputation that keeps the series' shape; aeon's convolution classifiers refuse
    /// missing values); a run at the start takes the first value present and a run at the end the last.
    /// Interpolation runs in `Double`. `nil` when no value is present.
    func fillingMissingValues() -> [Float]? {
        guard let first = firstIndex(where: { !$0.isNaN }), let last = lastIndex(where: { !$0.isNaN }) else {
            return nil
        }
        var result = self
        for i in 0..<first { result[i] = self[first] }
        for i in (last + 1)..<count { result[i] = self[last] }
        var left = first
        var i = first + 1
        while i < last {
            if self[i].isNaN {
                var right = i
                while self[right].isNaN { right += 1 }
                let a = Double(self[left]), b = Double(self[right])
                for j in i..<right {
                    result[j] = Float(a + (b - a) * Double(j - left) / Double(right - left))
                }
                i = right
            }
            left = i
            i += 1
        }
        return result
    }

    /// Fills the missing values of the series that occupies `start...` (the last one appended to a reader's values)
    /// in place, as ``fillingMissingValues()`` does; false, leaving it unchanged, when none of its values is present.
    mutating func fillMissingValues(from start: Int) -> Bool {
        guard let filled = Array(self[start...]).fillingMissingValues() else { return false }
        replaceSubrange(start..., with: filled)
        return true
    }
}
