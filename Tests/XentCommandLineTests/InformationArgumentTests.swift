import Testing
import XentInformationTheory
@testable import XentCommandLine

@Suite struct InformationArgumentTests {
    @Test func basesParseAndBadOnesAreUsageErrors() throws {
        #expect(try LogBaseArgument.parse("2") == .bits)
        #expect(try LogBaseArgument.parse("e") == .nats)
        #expect(try LogBaseArgument.parse("10") == .hartleys)
        #expect(try LogBaseArgument.parse("nats") == .nats)
        #expect(try LogBaseArgument.parse("3").base == 3)
        for bad in ["1", "0", "-2", "inf", "nan", "x", ""] {
            #expect { try LogBaseArgument.parse(bad) } throws: { error in
                (error as? CLIError)?.exitCode == .usage && (error as? CLIError)?.message.hasPrefix("--base: '") == true
            }
        }
    }

    @Test func jsRefusesBasesBelowOne() {
        // Below 1 the divergence is negative and its square root, the distance, NaN: a usage error (exit 64), not
        // "distance":"nan" with exit 0.
        for base in ["0.5", "0.999", "1e-300"] {
            #expect { try JSCommand.parse(["1,0", "0,1", "--base", base]).run() } throws: { error in
                guard let error = error as? CLIError else { return false }
                return error.exitCode == .usage && !error.message.contains("\n")
                    && error.message.hasPrefix("--base: '\(base)' is not valid: expected a base greater than 1")
            }
        }
        #expect { try JSCommand.parse(["1,0", "0,1", "--base", "1"]).run() } throws: { error in
            (error as? CLIError)?.exitCode == .usage
        }
    }

    @Test func distributionsParseWithFractionsAndSpaces() throws {
        #expect(try DistributionArgument.numbers("0.5, 0.25 ,0.25", argument: "P") == [0.5, 0.25, 0.25])
        #expect(try DistributionArgument.numbers("1/4,3/4", argument: "P") == [0.25, 0.75])
        let p = try DistributionArgument.parse("3,1", argument: "P", as: .weights)
        #expect(p.probabilities == [0.75, 0.25])
    }

    @Test func malformedDistributionsAreUsageErrorsAndInvalidOnesDataErrors() {
        for (text, status) in [("", CLIExitCode.usage), ("a,b", .usage), ("0.5,,0.5", .usage), ("1/0", .usage),
                               ("-0.5,1.5", .dataError), ("0.5,0.6", .dataError), ("0.5,nan", .dataError),
                               ("0,0", .dataError)] {
            #expect { try DistributionArgument.parse(text, argument: "P", as: text == "0,0" ? .weights : .probabilities) }
                throws: { error in
                    guard let error = error as? CLIError else { return false }
                    return error.exitCode == status && error.message.hasPrefix("P: '\(text)'") && !error.message.contains("\n")
                }
        }
    }

    @Test func theNormalizationHintNamesOnlyOptionsTheCommandHas() {
        #expect { try DistributionArgument.parse("0.5,0.6", argument: "P", as: .probabilities) } throws: { error in
            (error as? CLIError)?.message.hasSuffix("(pass --normalize to rescale, or --counts for counts)") == true
        }
        #expect { try CodeDistributionArgument.parse("0.5,0.6", argument: "P", normalize: false) } throws: { error in
            guard let message = (error as? CLIError)?.message else { return false }
            return message.hasSuffix("(pass --normalize to rescale)") && !message.contains("--counts")
        }
    }

    @Test func negativeLookingPositionalsAreDistributionsNotOptions() throws {
        #expect(try PositionalArguments.distributions(["-0.5,1.5"], names: ["P"]) == ["-0.5,1.5"])
        #expect(try PositionalArguments.distributions([], names: ["P", "Q"]) == [nil, nil])
        #expect(throws: CLIError.self) { try PositionalArguments.distributions(["--nope"], names: ["P"]) }
        #expect(throws: CLIError.self) { try PositionalArguments.distributions(["1", "2"], names: ["P"]) }
    }

    @Test func jointTablesSkipHeadersCommentsAndBlankLines() throws {
        let matrix = try JointTable.parse("x,y1,y2\r\n# note\n0.4,0.1 # row one\n\n0.1,0.4\n", argument: "--joint")
        #expect(matrix.rows == 2 && matrix.columns == 2)
        #expect(matrix.elements == [0.4, 0.1, 0.1, 0.4])
        // A byte-order mark does not turn the first row into a header.
        let marked = try JointTable.parse("\u{FEFF}0.4,0.1\n0.1,0.4\n", argument: "--joint")
        #expect(marked.rows == 2)
    }

    @Test func malformedJointTablesNameTheLine() {
        for (text, fragment) in [("1,2\n3\n", "line 2 has 1 value"), ("1,2\n3,x\n", "line 2, column 2"),
                                 ("", "no numbers"), ("a,b\nc,d\n", "line 2, column 1")] {
            #expect { try JointTable.parse(text, argument: "--joint") } throws: { error in
                guard let error = error as? CLIError else { return false }
                return error.exitCode == .dataError && error.message.contains(fragment)
            }
        }
    }

    @Test func countsTablesAreRecognised() throws {
        let counts = try MutualInformationCommand.distribution(
            .init(rows: 2, columns: 2, elements: [4, 1, 1, 4]), normalize: false)
        #expect(counts.probabilities.elements == [0.4, 0.1, 0.1, 0.4])
        #expect(throws: CLIError.self) {
            try MutualInformationCommand.distribution(.init(rows: 1, columns: 2, elements: [0.2, 0.3]), normalize: false)
        }
    }
}
