import Foundation
import XentInformationTheory

/// The reference values written by Scripts/fixtures/information_theory.py (scipy, dit, mpmath), and the extreme
/// cases written by Scripts/fixtures/kl_extremes.py (mpmath) to information-extremes.json.
enum Fixtures {
    /// The parsed JSON object of `file` in Tests/Fixtures (each suite loads it once, into its own `static let`).
    static func root(_ file: String = "information-theory.json") -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(file)")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// The cases of one section ("entropy", "kl", …) of `file`.
    static func cases(_ section: String, file: String = "information-theory.json") -> [Case] {
        ((root(file)[section] as? [[String: Any]]) ?? []).map(Case.init)
    }
}

/// One fixture case with typed accessors.
struct Case: CustomStringConvertible, @unchecked Sendable {
    let fields: [String: Any]

    init(_ fields: [String: Any]) { self.fields = fields }

    /// A number; "inf", "-inf" and "nan" stand for the non-finite values.
    func number(_ key: String) -> Double {
        switch fields[key] {
        case let n as NSNumber: return n.doubleValue
        case "inf" as String: return .infinity
        case "-inf" as String: return -.infinity
        default: return .nan
        }
    }

    func numbers(_ key: String) -> [Double] {
        ((fields[key] as? [Any]) ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    func integers(_ key: String) -> [Int] {
        ((fields[key] as? [Any]) ?? []).map { ($0 as? NSNumber)?.intValue ?? -1 }
    }

    /// Numbers written as decimal strings (Scripts/fixtures/kl_extremes.py does so for its inputs): read with
    /// `Double(String)`, which rounds correctly, where JSONSerialization can be an ulp off. NaN for anything else.
    func exactNumbers(_ key: String) -> [Double] {
        ((fields[key] as? [Any]) ?? []).map { ($0 as? String).flatMap(Double.init) ?? .nan }
    }

    /// A matrix of decimal strings, read as ``exactNumbers(_:)`` reads a vector.
    func exactMatrix(_ key: String) -> [[Double]] {
        ((fields[key] as? [[Any]]) ?? []).map { row in row.map { ($0 as? String).flatMap(Double.init) ?? .nan } }
    }

    func matrix(_ key: String) -> [[Double]] {
        ((fields[key] as? [[Any]]) ?? []).map { row in row.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
    }

    func bool(_ key: String) -> Bool { (fields[key] as? Bool) ?? false }

    /// The case's log base as a unit ("e" is nats).
    var unit: InformationUnit {
        if (fields["base"] as? String) == "e" { return .nats }
        return (try? InformationUnit(base: number("base"))) ?? .bits
    }

    var description: String {
        let name = (fields["name"] as? String) ?? ""
        return "\(name) base \(fields["base"] ?? "")"
    }
}

/// Whether `value` is within `relative` of `reference` (equal when either is not finite).
func isClose(_ value: Double, _ reference: Double, relative: Double) -> Bool {
    if value == reference { return true }
    if !reference.isFinite || !value.isFinite { return value == reference || (value.isNaN && reference.isNaN) }
    return abs(value - reference) <= relative * abs(reference)
}

/// The tolerance the accuracy claim makes: 1e-12 relative on well-conditioned values; values below 1e-12 (nearly
/// equal distributions) depend on the last bits of the inputs, so they get 1e-6.
func accuracyTolerance(for reference: Double) -> Double {
    abs(reference) < 1e-12 ? 1e-6 : 1e-12
}
