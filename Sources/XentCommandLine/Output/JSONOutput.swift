import Foundation

/// A JSON value for the CLI's `--json` output: keys keep their insertion order, non-finite numbers become the
/// strings "inf", "-inf" and "nan" (the CLI contract), and numbers print with enough digits to round-trip.
enum JSONValue {
    case number(Double)
    case integer(Int)
    /// An unsigned integer printed exactly (a 64-bit seed).
    case unsigned(UInt64)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A number array from any binary floating-point values.
    static func numbers<S: Sequence>(_ values: S) -> JSONValue where S.Element: BinaryFloatingPoint {
        .array(values.map { .number(Double($0)) })
    }

    /// The compact JSON text.
    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .number(let x):
            if x.isNaN { out += "\"nan\"" }
            else if x == .infinity { out += "\"inf\"" }
            else if x == -.infinity { out += "\"-inf\"" }
            else if x == x.rounded(), abs(x) < 1e15, !(x == 0 && x.sign == .minus) { out += String(Int64(x)) }
            else { out += "\(x)" }
        case .integer(let n): out += String(n)
        case .unsigned(let n): out += String(n)
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (i, v) in values.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(k, into: &out)
                out += ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
