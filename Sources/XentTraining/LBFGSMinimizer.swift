import RealModule

/// Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) for smooth objectives of a flat parameter vector, with a
/// line search that backtracks from the unit step until the Armijo condition holds (and the curvature pair is
/// kept only when it has positive curvature, so the inverse-Hessian estimate stays positive definite).
///
/// It stops when the largest gradient entry is at most ``gradientTolerance`` (an absolute bound: the objectives here
/// are means over samples, of order 1), when an iteration lowers the objective by less than ``valueTolerance`` times
/// its size, or after ``maximumIterations``. Every operation is sequential: the result has the same bits on every
/// run and thread count.
struct LBFGSMinimizer: Sendable {
    /// The number of curvature pairs kept.
    var memory = 10
    /// The stopping bound on the largest absolute gradient entry.
    var gradientTolerance = 1e-9
    /// The stopping bound on the relative decrease of the objective in one iteration.
    var valueTolerance = 1e-15
    /// The most iterations.
    var maximumIterations = 2000

    /// What a minimisation returns.
    struct Result: Sendable {
        /// The parameters at the end.
        var parameters: [Double]
        /// The objective there.
        var value: Double
        /// The largest absolute gradient entry there.
        var gradientNorm: Double
        /// The iterations made.
        var iterations: Int
    }

    /// Minimises `objective`, which returns the value at its argument and writes the gradient into its second
    /// argument, starting from `start`.
    func minimize(from start: [Double], objective: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var pairs = [(s: [Double], y: [Double], rho: Double)]()
        var iterations = 0
        var direction = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var trialGradient = [Double](repeating: 0, count: n)
        while iterations < maximumIterations {
            let norm = gradient.reduce(0) { max($0, abs($1)) }
            if norm <= gradientTolerance || !value.isFinite { break }
            iterations += 1
            // The two-loop recursion: direction = -H g.
            for i in 0..<n { direction[i] = -gradient[i] }
            var alphas = [Double](repeating: 0, count: pairs.count)
            for (k, pair) in pairs.enumerated().reversed() {
                let a = pair.rho * dot(pair.s, direction)
                alphas[k] = a
                for i in 0..<n { direction[i] -= a * pair.y[i] }
            }
            if let last = pairs.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for i in 0..<n { direction[i] *= gamma }
            } else {
                // First step: at most a unit change in the largest entry.
                let scale = 1 / max(norm, 1)
                for i in 0..<n { direction[i] *= scale }
            }
            for (k, pair) in pairs.enumerated() {
                let b = pair.rho * dot(pair.y, direction)
                for i in 0..<n { direction[i] += pair.s[i] * (alphas[k] - b) }
            }
            var slope = dot(gradient, direction)
            if !(slope < 0) {
                // Not a descent direction (round-off): restart from steepest descent.
                pairs.removeAll()
                for i in 0..<n { direction[i] = -gradient[i] / max(norm, 1) }
                slope = dot(gradient, direction)
            }
            var step = 1.0
            var trialValue = Double.infinity
            var accepted = false
            for _ in 0..<60 {
                for i in 0..<n { trial[i] = x[i] + step * direction[i] }
                trialValue = objective(trial, &trialGradient)
                if trialValue.isFinite, trialValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= trialValue.isFinite ? 0.5 : 0.1
            }
            guard accepted else { break }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = trial[i] - x[i]
                y[i] = trialGradient[i] - gradient[i]
            }
            let sy = dot(s, y)
            if sy > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot(), sy > 0 {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            let decrease = value - trialValue
            swap(&x, &trial)
            swap(&gradient, &trialGradient)
            value = trialValue
            if decrease <= valueTolerance * max(abs(value), 1) { break }
        }
        let norm = gradient.reduce(0) { max($0, abs($1)) }
        return Result(parameters: x, value: value, gradientNorm: norm, iterations: iterations)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
