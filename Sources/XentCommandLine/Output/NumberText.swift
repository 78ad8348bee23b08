import Foundation

/// Numbers as `xent` prints them in its human output, in one place (JSON numbers are ``JSONValue``'s). Every form
/// prints the non-finite values as "inf", "-inf" and "nan".
enum NumberText {
    /// The shortest text that reads back as the same Double ("0.1", "1.0", "1e-17").
    static func shortest(_ x: Double) -> String {
        nonFinite(x) ?? "\(x)"
    }

    /// Whole numbers below 10^15 without a fraction ("3"), others as ``shortest(_:)``: probabilities and the
    /// numbers quoted in messages.
    static func compact(_ x: Double) -> String {
        if let text = nonFinite(x) { return text }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `digits` decimals ("%.4f"); with `sign`, a "+" before positive values ("%+.1f").
    static func fixed(_ x: Double, _ digits: Int, sign: Bool = false) -> String {
        nonFinite(x) ?? String(format: sign ? "%+.\(digits)f" : "%.\(digits)f", x)
    }

    /// Scientific notation with `digits` decimals ("%.2e").
    static func scientific(_ x: Double, _ digits: Int) -> String {
        nonFinite(x) ?? String(format: "%.\(digits)e", x)
    }

    /// `digits` significant digits, fixed or scientific, whichever is shorter ("%.3g").
    static func significant(_ x: Double, _ digits: Int) -> String {
        nonFinite(x) ?? String(format: "%.\(digits)g", x)
    }

    /// A count held in a Double (words in a message): the whole number below 10^15, scientific notation beyond
    /// (never a conversion to `Int`, which traps past Int.max).
    static func count(_ x: Double) -> String {
        nonFinite(x) ?? (abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6e", x))
    }

    private static func nonFinite(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return nil
    }
}
