import ArgumentParser
import Foundation
import Testing
@testable import XentCommandLine
import XentTraining

/// Arguments at the edges: negative numbers reach their option and are refused naming the value, an empty
/// subcommand is a usage error, a 64-bit seed prints exactly, training files are named by their option, and class
/// weights that would overflow are refused.
@Suite struct ArgumentEdgeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ucr").path
    static let files = ["--train", fixtures + "/ECG200_TRAIN.tsv", "--test", fixtures + "/ECG200_TEST.tsv"]

    @Test func negativeNumbersReachTheirOption() throws {
        let cases: [(any ParsableCommand.Type, [String], String)] = [
            (CompressCommand.self, ["f", "--level", "-1"], "--level: '-1' is not valid: expected an integer in 1...9"),
            (CodeCommand.self, ["0.5,0.5", "--symbols", "-3"], "--symbols: '-3' is not valid"),
            (CodeCommand.self, ["0.5,0.5", "--max-length", "-2"], "--max-length: '-2' is not valid"),
            (BenchCommand.self, ["--threads", "-1"], "--threads: '-1' is not valid"),
            (BenchCommand.self, ["--repetitions", "-1"], "--repetitions: '-1' is not valid"),
            (DemoCommand.self, ["--seeds", "-1"], "--seeds: '-1' is not valid"),
            (TrainCommand.self, ["--epochs", "-3"] + ArgumentEdgeTests.files, "--epochs: '-3' is not valid"),
            (TrainCommand.self, ["--threads", "-2"] + ArgumentEdgeTests.files, "--threads: '-2' is not valid"),
            (TrainCommand.self, ["--label-smoothing", "-0.5"] + ArgumentEdgeTests.files,
             "--label-smoothing: '-0.5' is not valid"),
            (TrainCommand.self, ["--class-weights", "-1,2"] + ArgumentEdgeTests.files,
             "--class-weights: '-1,2' is not valid"),
        ]
        for (type, arguments, message) in cases {
            #expect { var command = try type.parseAsRoot(arguments); try command.run() } throws: { error in
                let error = error as? CLIError
                return error?.exitCode == .usage && error?.message.hasPrefix(message) == true
            }
        }
        for (type, arguments) in [(CodeCommand.self as any ParsableCommand.Type, ["0.5,0.5", "--seed", "-1"]),
                                  (TrainCommand.self, ["--seed", "-1"])] {
            do {
                _ = try type.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(type.exitCode(for: error) == .validationFailure)
                #expect(type.fullMessage(for: error).hasPrefix(
                    "Error: The value '-1' is invalid for '--seed <seed>': expected an integer in 0...18446744073709551615"))
            }
        }
        let outcome = try XentProcess.run("exec \"$XENT\" code 0.5,0.5 --message-bits -5", in: XentProcess.folder())
        #expect(outcome.status == 64)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("'-5'"))
    }

    @Test func anEmptySubcommandIsAUsageError() throws {
        for blank in ["", " "] {
            #expect { try XentCommand.checkSubcommand([blank]) } throws: { error in
                let error = error as? CLIError
                return error?.exitCode == .usage && error?.message.hasPrefix("SUBCOMMAND: '\(blank)' is not valid") == true
            }
            let outcome = try XentProcess.run("exec \"$XENT\" '\(blank)'", in: XentProcess.folder())
            #expect(outcome.status == 64)
            #expect(outcome.stdout.isEmpty && outcome.stderrLines.count == 1)
        }
        try XentCommand.checkSubcommand(["entropy", ""])
    }

    @Test func seedsPrintExactly() throws {
        #expect(JSONValue.object([("seed", .unsigned(UInt64.max))]).text == #"{"seed":18446744073709551615}"#)
        let script = "exec \"$XENT\" train --train '\(ArgumentEdgeTests.fixtures)/ECG200_TRAIN.tsv' --test "
            + "'\(ArgumentEdgeTests.fixtures)/ECG200_TEST.tsv' --model mlp --epochs 1 --seed 18446744073709551615 --json"
        let outcome = try XentProcess.run(script, in: XentProcess.folder())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("\"seed\":18446744073709551615,"))
    }

    @Test func trainingFilesAreNamedByTheirOption() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let test = ArgumentEdgeTests.fixtures + "/ECG200_TEST.tsv"
        #expect { try TrainCommand.parse(["--train", folder, "--test", test]).run() } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .noInput && error?.message == "--train: cannot read '\(folder)': it is a directory"
        }
        let binary = folder + "/random.bin"
        try Data((0..<256).map { UInt8(255 - $0) }).write(to: URL(fileURLWithPath: binary))
        // The file exists and was read; its content is bad data: 65, as for entropy --samples.
        #expect { try TrainCommand.parse(["--train", binary, "--test", test]).run() } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .dataError && error?.message == "--train: '\(binary)' is not valid: expected UTF-8 text"
        }
        #expect { try EntropyCommand.parse(["--samples", binary]).run() } throws: { error in
            (error as? CLIError)?.exitCode == .dataError
        }
    }

    @Test func classWeightsThatOverflowAreRefused() throws {
        for weights in ["1e308,1e308", "1e7,1", "1e-300,1", "-1,2", "inf,1"] {
            #expect { try TrainOptions.classWeighting(weights) } throws: { error in
                let error = error as? CLIError
                return error?.exitCode == .usage && error?.message.hasPrefix("--class-weights: '\(weights)' is not valid") == true
            }
        }
        for weights in ["0,1", "1e6,1e-6", "2,3"] { _ = try TrainOptions.classWeighting(weights) }
        let train = ArgumentEdgeTests.fixtures + "/ECG200_TRAIN.tsv", test = ArgumentEdgeTests.fixtures + "/ECG200_TEST.tsv"
        #expect { try TrainCommand.parse(["--train", train, "--test", test, "--class-weights", "1e308,1e308"]).run() }
            throws: { error in (error as? CLIError)?.exitCode == .usage }
    }

    /// Z-normalisation follows the model unless asked: on for the MLP and the CNN, off for the feature models.
    @Test func zNormalisationFollowsTheModelUnlessAsked() throws {
        #expect(try TrainCommand.parse([]).zNormalize == nil)
        #expect(try TrainCommand.parse(["--z-normalize"]).zNormalize == true)
        #expect(try TrainCommand.parse(["--no-z-normalize"]).zNormalize == false)
        for kind in ModelKind.allCases {
            #expect(kind.normalizesSeriesByDefault == (kind == .mlp || kind == .cnn), "\(kind)")
        }
        let split = try TrainOptions.loadSplit(dataset: nil, train: ArgumentEdgeTests.files[1],
                                               test: ArgumentEdgeTests.files[3], zNormalize: false)
        let normalised = try TrainOptions.loadSplit(dataset: nil, train: ArgumentEdgeTests.files[1],
                                                    test: ArgumentEdgeTests.files[3], zNormalize: true)
        let first = Array(normalised.train.series(0))
        let mean = first.reduce(0, +) / Float(first.count)
        #expect(abs(mean) < 1e-5 && split.train.values != normalised.train.values)
    }
}
