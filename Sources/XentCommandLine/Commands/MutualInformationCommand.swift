import ArgumentParser
import XentInformationTheory
import XentKernels

/// `xent mutual-information`: I(X;Y) and the entropies of a joint distribution given as a CSV matrix.
struct MutualInformationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mutual-information",
        abstract: "The mutual information I(X;Y) of a joint distribution, with H(X), H(Y), H(X|Y), H(Y|X), H(X,Y).",
        discussion: """
            --joint FILE.csv: a matrix whose rows are the values of X and whose columns are the values of Y, each \
            cell P(X=x, Y=y). Comma-separated; an optional header line; '#' starts a comment; blank lines are \
            skipped. Cells that sum to 1 (within 1e-6) are probabilities; cells that are all whole numbers are \
            counts; anything else needs --normalize.

            Examples:
              xent mutual-information --joint joint.csv
              xent mutual-information --joint counts.csv --base e --json
            """
    )

    @Option(parsing: .unconditional,
            help: ArgumentHelp("A CSV file of joint probabilities or counts (rows: X, columns: Y).", valueName: "path"))
    var joint: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(LogBaseArgument.help, valueName: "B"))
    var base = "2"

    @Flag(help: "The cells are counts or weights: divide them by their sum.") var normalize = false

    @Flag(help: "The same as --normalize (the cells are counts).") var counts = false

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        guard let joint else { throw CLIError("--joint: missing: expected a CSV file of joint probabilities or counts") }
        let unit = try LogBaseArgument.parse(base)
        let matrix = try JointTable.parse(try InputFile.text(joint, argument: "--joint"), argument: "--joint")
        let distribution = try Self.distribution(matrix, normalize: normalize || counts)
        let hx = entropy(of: distribution.marginal(of: .x), in: unit)
        let hy = entropy(of: distribution.marginal(of: .y), in: unit)
        let hxy = jointEntropy(of: distribution, in: unit)
        let xGivenY = conditionalEntropy(of: distribution, given: .y, in: unit)
        let yGivenX = conditionalEntropy(of: distribution, given: .x, in: unit)
        let mi = mutualInformation(of: distribution, in: unit)
        if json {
            try printLine(JSONValue.object(
                [("value", .number(mi.value))] + LogBaseArgument.jsonFields(unit) + [
                    ("mutual_information", .number(mi.value)),
                    ("entropy_x", .number(hx.value)), ("entropy_y", .number(hy.value)),
                    ("joint_entropy", .number(hxy.value)),
                    ("conditional_entropy_x_given_y", .number(xGivenY.value)),
                    ("conditional_entropy_y_given_x", .number(yGivenX.value)),
                    ("rows", .integer(matrix.rows)), ("columns", .integer(matrix.columns)),
                ]).text)
        } else {
            try printLine(TextTable([
                ["I(X;Y)", InformationOutput.amount(mi)],
                ["H(X)", InformationOutput.amount(hx)],
                ["H(Y)", InformationOutput.amount(hy)],
                ["H(X,Y)", InformationOutput.amount(hxy)],
                ["H(X|Y)", InformationOutput.amount(xGivenY)],
                ["H(Y|X)", InformationOutput.amount(yGivenX)],
                ["size", "\(matrix.rows) x \(matrix.columns) (rows X, columns Y)"],
            ]).text)
        }
    }

    /// Probabilities if they sum to 1, counts if they are whole numbers, weights with --normalize.
    static func distribution(_ matrix: Matrix<Double>, normalize: Bool) throws -> JointDistribution<Double> {
        if !normalize {
            do {
                return try JointDistribution(matrix)
            } catch .notNormalized(let sum, let tolerance) {
                guard matrix.elements.allSatisfy({ $0 == $0.rounded() }) else {
                    throw CLIError(
                        "--joint: the cells sum to \(sum): expected probabilities summing to 1 within \(tolerance), "
                            + "whole-number counts, or --normalize", exitCode: .dataError)
                }
            } catch {
                throw CLIError("--joint: \(cellsCountedFromOne(error))", exitCode: .dataError)
            }
        }
        do {
            return try JointDistribution(normalizing: matrix)
        } catch {
            throw CLIError("--joint: \(cellsCountedFromOne(error))", exitCode: .dataError)
        }
    }

    /// The library's message with the cell named by line-free row and column numbers counted from 1.
    private static func cellsCountedFromOne(_ error: InformationTheoryError) -> String {
        switch error {
        case .negativeEntry(.cell(let r, let c), let value):
            "row \(r + 1), column \(c + 1) is \(NumberText.compact(value)): expected a number >= 0"
        case .nonFiniteEntry(.cell(let r, let c), let value):
            "row \(r + 1), column \(c + 1) is \(NumberText.compact(value)): expected a finite number"
        default:
            error.description
        }
    }
}
