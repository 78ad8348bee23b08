import Foundation

/// Small hand-written SVG charts for the report: line charts, bars, heat maps and bands. Every chart is a
/// self-contained `<svg>` element (no scripts, no external fonts or files).
enum SVGChart {
    /// A line or band series.
    struct Series {
        var name: String
        var color: String
        var values: [Double]
        var dashed = false
        /// Optional lower/upper band (same count as `values`), drawn translucent.
        var band: (lower: [Double], upper: [Double])? = nil
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    static func number(_ x: Double) -> String { String(format: "%.2f", x) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func tickLabel(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        let magnitude = abs(x)
        if magnitude >= 100 { return String(format: "%.0f", x) }
        if magnitude >= 1 { return String(format: "%.1f", x) }
        return String(format: "%.2f", x)
    }

    /// "Nice" ticks covering [low, high].
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
        var ticks = [Double]()
        var t = ceil(low / step) * step
        while t <= high + step * 1e-9 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    /// A line chart of `series` against x = 1, 2, … (or `xValues`).
    static func lines(_ series: [Series], title: String, xLabel: String, yLabel: String, xValues: [Double]? = nil,
                      yRange: ClosedRange<Double>? = nil, width: Int = 440, height: Int = 260,
                      markers: [(x: Double, label: String)] = []) -> String {
        let left = 56.0, right = 150.0, top = 28.0, bottom = 44.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let count = series.map(\.values.count).max() ?? 0
        let xs = xValues ?? (0..<count).map { Double($0 + 1) }
        let xLow = xs.first ?? 0, xHigh = max(xs.last ?? 1, xLow + 1)
        var finite = series.flatMap { s in s.values + (s.band.map { $0.lower + $0.upper } ?? []) }.filter(\.isFinite)
        if finite.isEmpty { finite = [0, 1] }
        var yLow = yRange?.lowerBound ?? (finite.min() ?? 0)
        var yHigh = yRange?.upperBound ?? (finite.max() ?? 1)
        if yHigh - yLow < 1e-12 { yLow -= 0.5; yHigh += 0.5 }
        if yRange == nil { let pad = (yHigh - yLow) * 0.05; yLow -= pad; yHigh += pad }
        func px(_ x: Double) -> Double { left + (x - xLow) / (xHigh - xLow) * plotWidth }
        func py(_ y: Double) -> Double { top + (1 - (min(max(y, yLow), yHigh) - yLow) / (yHigh - yLow)) * plotHeight }
        var svg = header(width, height, title)
        for t in ticks(yLow, yHigh) {
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(left + plotWidth))\" y1=\"\(number(py(t)))\" y2=\"\(number(py(t)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(py(t) + 4))\" text-anchor=\"end\" font-size=\"11\">\(tickLabel(t))</text>"
        }
        for t in ticks(xLow, xHigh) {
            svg += "<text x=\"\(number(px(t)))\" y=\"\(number(top + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\">\(tickLabel(t))</text>"
        }
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, xLabel: xLabel, yLabel: yLabel,
                    height: height)
        for marker in markers {
            svg += "<line x1=\"\(number(px(marker.x)))\" x2=\"\(number(px(marker.x)))\" y1=\"\(number(top))\" y2=\"\(number(top + plotHeight))\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>"
            svg += "<text x=\"\(number(px(marker.x) + 3))\" y=\"\(number(top + 10))\" font-size=\"10\" fill=\"#666\">\(escape(marker.label))</text>"
        }
        for s in series {
            if let band = s.band {
                var points = [String]()
                for (i, x) in xs.enumerated() where i < band.upper.count && band.upper[i].isFinite {
                    points.append("\(number(px(x))),\(number(py(band.upper[i])))")
                }
                for (i, x) in xs.enumerated().reversed() where i < band.lower.count && band.lower[i].isFinite {
                    points.append("\(number(px(x))),\(number(py(band.lower[i])))")
                }
                svg += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(s.color)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            }
            let points = zip(xs, s.values).filter { $0.1.isFinite }.map { "\(number(px($0.0))),\(number(py($0.1)))" }
            guard !points.isEmpty else { continue }
            svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.8\"\(s.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
        }
        svg += legend(series.map { ($0.name, $0.color, $0.dashed) }, x: left + plotWidth - 30, y: top + 8)
        return svg + "</svg>"
    }

    /// Grouped vertical bars: `groups[g]` has one value per series (in [0, 1] unless `yMax` says otherwise).
    static func bars(groups: [String], series: [(name: String, color: String, values: [Double])], title: String,
                     yLabel: String, yMax: Double = 1, width: Int = 440, height: Int = 260) -> String {
        let left = 56.0, right = 130.0, top = 28.0, bottom = 44.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        func py(_ y: Double) -> Double { top + (1 - min(max(y, 0), yMax) / yMax) * plotHeight }
        var svg = header(width, height, title)
        for t in ticks(0, yMax) {
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(left + plotWidth))\" y1=\"\(number(py(t)))\" y2=\"\(number(py(t)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(py(t) + 4))\" text-anchor=\"end\" font-size=\"11\">\(tickLabel(t))</text>"
        }
        let groupWidth = plotWidth / Double(max(groups.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        for (g, name) in groups.enumerated() {
            let x0 = left + Double(g) * groupWidth + groupWidth * 0.1
            for (s, entry) in series.enumerated() where g < entry.values.count {
                let v = entry.values[g].isFinite ? entry.values[g] : 0
                svg += "<rect x=\"\(number(x0 + Double(s) * barWidth))\" y=\"\(number(py(v)))\" width=\"\(number(barWidth - 1))\" height=\"\(number(top + plotHeight - py(v)))\" fill=\"\(entry.color)\"><title>\(escape(entry.name)) \(escape(name)): \(String(format: "%.3f", v))</title></rect>"
            }
            svg += "<text x=\"\(number(x0 + groupWidth * 0.4))\" y=\"\(number(top + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\">\(escape(name))</text>"
        }
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, xLabel: "class",
                    yLabel: yLabel, height: height)
        svg += legend(series.map { ($0.name, $0.color, false) }, x: left + plotWidth - 30, y: top + 8)
        return svg + "</svg>"
    }

    /// A confusion matrix as a heat map, each row shaded by its share of the true class.
    static func confusion(_ matrix: [[Int]], labels: [String], title: String, size: Int = 260) -> String {
        let k = matrix.count
        let left = 52.0, top = 40.0
        let cell = (Double(size) - left - 12) / Double(max(k, 1))
        var svg = header(size, Int(top + cell * Double(k) + 34), title)
        for (i, row) in matrix.enumerated() {
            let total = max(row.reduce(0, +), 1)
            for (j, value) in row.enumerated() {
                let share = Double(value) / Double(total)
                let x = left + Double(j) * cell, y = top + Double(i) * cell
                svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(cell - 1))\" height=\"\(number(cell - 1))\" fill=\"rgb(\(Int(255 - 200 * share)),\(Int(255 - 140 * share)),255)\"/>"
                svg += "<text x=\"\(number(x + cell / 2))\" y=\"\(number(y + cell / 2 + 4))\" text-anchor=\"middle\" font-size=\"\(k > 6 ? 9 : 11)\" fill=\"\(share > 0.6 ? "#fff" : "#222")\">\(value)</text>"
            }
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + Double(i) * cell + cell / 2 + 4))\" text-anchor=\"end\" font-size=\"11\">\(escape(labels[i]))</text>"
            svg += "<text x=\"\(number(left + Double(i) * cell + cell / 2))\" y=\"\(number(top - 6))\" text-anchor=\"middle\" font-size=\"11\">\(escape(labels[i]))</text>"
        }
        svg += "<text x=\"\(number(left + cell * Double(k) / 2))\" y=\"\(number(top + cell * Double(k) + 18))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">predicted (columns) · true (rows)</text>"
        return svg + "</svg>"
    }

    /// A reliability diagram: accuracy against mean confidence per bin, with the diagonal of perfect calibration.
    static func reliability(_ bins: [ReliabilityBin], title: String, color: String, size: Int = 260) -> String {
        let left = 48.0, top = 28.0, bottom = 40.0, right = 12.0
        let plot = Double(size) - left - right
        let height = Int(top + plot + bottom)
        func px(_ x: Double) -> Double { left + x * plot }
        func py(_ y: Double) -> Double { top + (1 - y) * plot }
        var svg = header(size, height, title)
        for t in [0.0, 0.25, 0.5, 0.75, 1] {
            svg += "<line x1=\"\(number(px(0)))\" x2=\"\(number(px(1)))\" y1=\"\(number(py(t)))\" y2=\"\(number(py(t)))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(number(left - 5))\" y=\"\(number(py(t) + 4))\" text-anchor=\"end\" font-size=\"10\">\(tickLabel(t))</text>"
            svg += "<text x=\"\(number(px(t)))\" y=\"\(number(top + plot + 14))\" text-anchor=\"middle\" font-size=\"10\">\(tickLabel(t))</text>"
        }
        svg += "<line x1=\"\(number(px(0)))\" y1=\"\(number(py(0)))\" x2=\"\(number(px(1)))\" y2=\"\(number(py(1)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        let total = max(bins.reduce(0) { $0 + $1.count }, 1)
        for bin in bins where bin.count > 0 {
            let x = px(bin.lower), w = (bin.upper - bin.lower) * plot
            svg += "<rect x=\"\(number(x))\" y=\"\(number(py(bin.accuracy)))\" width=\"\(number(w - 1))\" height=\"\(number(py(0) - py(bin.accuracy)))\" fill=\"\(color)\" fill-opacity=\"\(number(0.35 + 0.65 * min(1, 8 * Double(bin.count) / Double(total))))\"><title>confidence \(String(format: "%.2f", bin.meanConfidence)), accuracy \(String(format: "%.2f", bin.accuracy)), \(bin.count) series</title></rect>"
            svg += "<circle cx=\"\(number(px(bin.meanConfidence)))\" cy=\"\(number(py(bin.accuracy)))\" r=\"2.5\" fill=\"#222\"/>"
        }
        svg += axes(left: left, top: top, plotWidth: plot, plotHeight: plot, xLabel: "confidence",
                    yLabel: "accuracy", height: height)
        return svg + "</svg>"
    }

    private static func header(_ width: Int, _ height: Int, _ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\"><text x=\"\(width / 2)\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\">\(escape(title))</text>"
    }

    private static func axes(left: Double, top: Double, plotWidth: Double, plotHeight: Double, xLabel: String,
                             yLabel: String, height: Int) -> String {
        "<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(top + plotHeight))\" stroke=\"#333\"/>"
            + "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotHeight))\" stroke=\"#333\"/>"
            + "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">\(escape(xLabel))</text>"
            + "<text transform=\"translate(14 \(number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">\(escape(yLabel))</text>"
    }

    private static func legend(_ items: [(String, String, Bool)], x: Double, y: Double) -> String {
        var svg = ""
        for (i, item) in items.enumerated() {
            let yy = y + Double(i) * 14
            svg += "<line x1=\"\(number(x + 40))\" x2=\"\(number(x + 58))\" y1=\"\(number(yy))\" y2=\"\(number(yy))\" stroke=\"\(item.1)\" stroke-width=\"3\"\(item.2 ? " stroke-dasharray=\"4 2\"" : "")/>"
            svg += "<text x=\"\(number(x + 62))\" y=\"\(number(yy + 4))\" font-size=\"10\">\(escape(item.0))</text>"
        }
        return svg
    }
}
