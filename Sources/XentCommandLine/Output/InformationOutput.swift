import Foundation
import XentInformationTheory

/// Text helpers shared by the information-theory commands (tables are ``TextTable``'s, numbers ``NumberText``'s).
enum InformationOutput {
    /// An amount with its unit name ("1.5 bits").
    static func amount(_ information: Information<Double>) -> String {
        "\(NumberText.shortest(information.value)) \(information.unit.name)"
    }

    /// The outcomes that make a cross-entropy infinite, numbered from 1 ("outcome 2", "outcomes 2, 4").
    static func outcomes(_ indices: [Int]) -> String {
        (indices.count == 1 ? "outcome " : "outcomes ") + indices.map { String($0 + 1) }.joined(separator: ", ")
    }

    /// JSON fields naming unsupported outcomes: numbered from 1 ("unsupported_outcomes") and indexed from 0
    /// ("unsupported_indices").
    static func unsupportedFields(_ indices: [Int]) -> [(String, JSONValue)] {
        [("unsupported_outcomes", .array(indices.map { .integer($0 + 1) })),
         ("unsupported_indices", .array(indices.map { .integer($0) }))]
    }
}
