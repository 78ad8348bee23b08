import Foundation
import Testing
import XentKernels
import XentTensorIO
@testable import XentCommandLine

/// Bad input to `xent loss`: one line naming the option, the position and the value, and the documented status.
@Suite struct LossCommandErrorTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    static func file(_ text: String, _ name: String = "x.csv") -> String {
        file(bytes: Array(text.utf8), name)
    }

    static func file(bytes: [UInt8], _ name: String) -> String {
        let path = ScratchSpace.freshPath("xent-loss") + "-" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func error(_ arguments: [String]) -> CLIError? {
        do {
            let command = try LossCommand.parse(arguments)
            _ = try command.evaluate()
            return nil
        } catch let error as CLIError {
            return error
        } catch {
            return CLIError("not a CLIError: \(error)", exitCode: .software)
        }
    }

    let logits = file("2,1,0\n0,1,3\n")
    let labels = file("label\n0\n2\n")

    @Test func badArgumentsExit64() {
        let cases: [[String]] = [
            ["softmax", "--predictions", logits, "--targets", labels],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--label-smoothing", "abc"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--reduction", "average"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--class-axis", "2"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--class-axis", "0"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--convention", "tf"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--dtype", "float16"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--class-weights", "1,x,2"],
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--ignore-index", "1.5"],
            // Option values the library refuses for this loss or convention.
            ["sparse-categorical", "--predictions", logits, "--targets", labels, "--from-logits", "--class-weights", "1,2"],
            ["categorical", "--predictions", logits, "--targets", logits, "--label-smoothing", "1.5"],
            ["binary", "--predictions", logits, "--targets", logits, "--pos-weight", "2"],
        ]
        for arguments in cases {
            let error = LossCommandErrorTests.error(arguments)
            #expect(error?.exitCode == .usage, "\(arguments): \(String(describing: error))")
            #expect(error.map { !$0.message.contains("\n") } ?? false)
        }
        #expect(LossCommandErrorTests.error(["softmax", "--predictions", logits, "--targets", labels])?.message
                == "KIND: 'softmax' is not valid: expected categorical, sparse-categorical, binary, kl, categorical-focal, binary-focal, linear-cross-entropy")
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                             "--label-smoothing", "abc"])?.message
                == "--label-smoothing: 'abc' is not valid: expected a finite number")
    }

    @Test func missingFileExits66() {
        let error = LossCommandErrorTests.error(["sparse-categorical", "--predictions", "/nonexistent/p.npy",
                                                 "--targets", labels])
        #expect(error?.exitCode == .noInput)
        #expect(error?.message == "--predictions: cannot read '/nonexistent/p.npy': No such file or directory")
    }

    @Test func badDataExits65NamingRowColumnAndValue() {
        let ragged = LossCommandErrorTests.file("0.5,0.5\n0.2\n")
        #expect(LossCommandErrorTests.error(["categorical", "--predictions", ragged, "--targets", ragged])?.message
                == "--predictions: \(ragged): row 2 (line 2) has 1 column, expected 2 like row 1")

        let outOfRange = LossCommandErrorTests.file("0\n5\n")
        let error = LossCommandErrorTests.error(["sparse-categorical", "--predictions", logits, "--targets", outOfRange,
                                                 "--from-logits"])
        #expect(error?.exitCode == .dataError)
        #expect(error?.message
                == "--targets: \(outOfRange): row 2: label 5 is out of range: expected 0..<3 or the ignored label")

        let nanLogits = LossCommandErrorTests.file("2,nan,0\n0,1,3\n")
        let nan = LossCommandErrorTests.error(["sparse-categorical", "--predictions", nanLogits, "--targets", labels,
                                               "--from-logits"])
        #expect(nan?.exitCode == .dataError)
        #expect(nan?.message == "--predictions: \(nanLogits): row 1, column 2: value nan is not valid: expected a finite logit")

        let negative = LossCommandErrorTests.file("0.5,-0.5,1\n0.2,0.3,0.5\n")
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", negative, "--targets", labels])?
            .exitCode == .dataError)

        let fractional = LossCommandErrorTests.file("0\n1.5\n")
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", logits, "--targets", fractional])?
            .message == "--targets: \(fractional): row 2 (line 2), column 1: '1.5' is not valid: expected an integer (int64)")

        let threeRows = LossCommandErrorTests.file("0\n1\n2\n")
        let mismatch = LossCommandErrorTests.error(["sparse-categorical", "--predictions", logits, "--targets", threeRows])
        #expect(mismatch?.exitCode == .dataError)
        #expect(mismatch?.message.hasPrefix("--targets: \(threeRows): shape [3] does not match") == true)

        let truncated = LossCommandErrorTests.file(bytes: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0], "t.npy")
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", truncated, "--targets", labels])?
            .message == "--predictions: \(truncated): .npy header is truncated: it needs 10 bytes, the input holds 8")

        let empty = LossCommandErrorTests.file("# nothing\n")
        #expect(LossCommandErrorTests.error(["categorical", "--predictions", empty, "--targets", empty])?.message
                == "--predictions: \(empty): the input holds no data rows")
    }

    @Test func kerasClassWeightBeyondFloat32Warns() throws {
        let p = LossCommandErrorTests.file("0.7,0.2,0.1\n0.1,0.8,0.1\n")
        let y = LossCommandErrorTests.file("0\n1\n")
        let report = try LossCommand.parse(["sparse-categorical", "--predictions", p, "--targets", y,
                                            "--class-weights", "1e300,1,1", "--json"]).evaluate()
        let warning = "class weight 0 (1e+300) overflows float32 and becomes inf: the keras convention casts class "
            + "weights to float32; the pytorch convention keeps them in double"
        #expect(report.warnings == [warning])
        #expect(report.json.text.hasSuffix(#""warnings":["\#(warning)"]}"#))
        let pytorch = try LossCommand.parse(["sparse-categorical", "--predictions", p, "--targets", y,
                                             "--class-weights", "1e300,1,1", "--convention", "pytorch"]).evaluate()
        #expect(pytorch.warnings.isEmpty)
    }

    @Test func degenerateBatchesWarnAndFollowTheConvention() throws {
        let ignored = LossCommandErrorTests.file("-100\n-100\n")
        let pytorch = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", ignored,
                                             "--from-logits", "--convention", "pytorch", "--with-gradient"]).evaluate()
        #expect(pytorch.values.first?.isNaN == true)
        #expect(LossReport.doubles(try #require(pytorch.gradient)).allSatisfy { $0 == 0 })
        #expect(!pytorch.warnings.isEmpty)
        #expect(pytorch.json.text.hasPrefix(#"{"value":"nan","unit":"nats""#))
        let keras = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", ignored,
                                           "--from-logits", "--ignore-index", "-100"]).evaluate()
        #expect(keras.values == [0])
        #expect(!keras.warnings.isEmpty)
    }

    @Test func gradientOutWritesThePredictionsShape() throws {
        let npy = ScratchSpace.freshPath("xent-g") + ".npy", csv = ScratchSpace.freshPath("xent-g") + ".csv"
        for path in [npy, csv] {
            let command = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                                 "--from-logits", "--gradient-out", path])
            let report = try command.evaluate()
            try command.writeGradient(of: report)
            let written = try TensorFile.read(contentsOf: path)
            #expect(written.shape == [2, 3])
            #expect(LossReport.doubles(written) == LossReport.doubles(try #require(report.gradient)))
            // The gradient is written but not printed without --with-gradient.
            #expect(!report.json.text.contains("gradient"))
        }
        let unwritable = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                                "--from-logits", "--gradient-out", "/nonexistent/dir/g.npy"])
        #expect(throws: CLIError.self) { try unwritable.writeGradient(of: try unwritable.evaluate()) }
    }

    @Test func kerasSpellingsAreAccepted() throws {
        let dashed = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                            "--from-logits", "--reduction", "sum-over-batch-size"]).evaluate()
        let underscored = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                                 "--from-logits", "--reduction", "sum_over_batch_size",
                                                 "--convention", "Keras"]).evaluate()
        #expect(dashed.values == underscored.values && dashed.reduction == .sumOverBatchSize)
        // The last axis by its index (2 for [N, d1, K]) is the default layout.
        let x = LossCommandErrorTests.file(bytes: NumPyFile.encode(Tensor<Double>(shape: [2, 2, 3],
                                                                                 elements: (0..<12).map { Double($0) / 4 })), "x.npy")
        let y = LossCommandErrorTests.file(bytes: NumPyFile.encode(Tensor<Int64>(shape: [2, 2], elements: [0, 2, 1, 1])), "y.npy")
        let byIndex = try LossCommand.parse(["sparse-categorical", "--predictions", x, "--targets", y, "--from-logits",
                                             "--class-axis", "2", "--reduction", "none"]).evaluate()
        let byDefault = try LossCommand.parse(["sparse-categorical", "--predictions", x, "--targets", y, "--from-logits",
                                               "--reduction", "none"]).evaluate()
        #expect(byIndex.values == byDefault.values && byIndex.valueShape == [2, 2])
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", x, "--targets", y, "--class-axis", "3"])?
            .exitCode == .usage)
    }

    @Test func humanOutputIsAligned() throws {
        let report = try LossCommand.parse(["sparse-categorical", "--predictions", logits, "--targets", labels,
                                            "--from-logits", "--reduction", "none"]).evaluate()
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "loss        sparse-categorical (from logits)")
        #expect(lines.contains("reduction   none"))
        #expect(lines.contains { $0.hasPrefix("values      2 (shape [2]), nats") })
        #expect(lines.count == 7)
    }
}
