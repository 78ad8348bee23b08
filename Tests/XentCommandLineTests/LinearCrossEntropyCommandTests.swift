import Foundation
import Testing
import XentKernels
import XentTensorIO
@testable import XentCommandLine

/// `xent loss linear-cross-entropy`: torch's value and gradients (a case of Tests/Fixtures/linear-cross-entropy.json,
/// written by Scripts/fixtures/linear_cross_entropy.py) through the files, the gradient directory, the JSON fields,
/// and the one-line errors with their exit statuses.
@Suite struct LinearCrossEntropyCommandTests {
    static func folder() -> String {
        ScratchSpace.folder("xent-lce")
    }

    static func save<Scalar: TensorFileScalar>(_ tensor: Tensor<Scalar>, _ name: String, in folder: String) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(NumPyFile.encode(tensor)))
        return path
    }

    static func error(_ arguments: [String]) -> CLIError? {
        do {
            let command = try LossCommand.parse(arguments)
            _ = try command.evaluateLinear()
            return nil
        } catch let error as CLIError {
            return error
        } catch {
            return CLIError("not a CLIError: \(error)", exitCode: .software)
        }
    }

    /// The fixture case "pytorch weights float32 bias" (class weights, some labels -100).
    struct TorchCase {
        let n: Int, d: Int, v: Int
        let hidden: [Float], weights: [Float], bias: [Float], labels: [Int64], classWeights: [Double]
        let value: Double, hiddenGradient: [Double], weightsGradient: [Double], biasGradient: [Double]
    }

    static let torchCase: TorchCase? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/linear-cross-entropy.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]],
              let c = cases.first(where: { $0["name"] as? String == "pytorch weights float32 bias" }),
              let n = c["N"] as? Int, let d = c["D"] as? Int, let v = c["V"] as? Int,
              let h = c["hidden"] as? [Double], let w = c["weights"] as? [Double], let b = c["bias"] as? [Double],
              let y = c["labels"] as? [Int], let cw = c["class_weights"] as? [Double],
              let value = c["value"] as? [Double], let dh = c["hidden_grad"] as? [Double],
              let dw = c["weights_grad"] as? [Double], let db = c["bias_grad"] as? [Double]
        else { return nil }
        return TorchCase(n: n, d: d, v: v, hidden: h.map { Float($0) }, weights: w.map { Float($0) },
                         bias: b.map { Float($0) }, labels: y.map { Int64($0) }, classWeights: cw, value: value[0],
                         hiddenGradient: dh, weightsGradient: dw, biasGradient: db)
    }()

    static func close(_ got: [Float], _ want: [Double]) -> Bool {
        let scale = max(1e-30, want.map { abs($0) }.max() ?? 0)
        return got.count == want.count && zip(got, want).allSatisfy { abs(Double($0) - $1) <= 1e-5 * scale }
    }

    @Test func matchesTorchThroughFilesAndWritesTheGradients() throws {
        let c = try #require(Self.torchCase)
        let dir = Self.folder()
        let h = Self.save(Tensor(shape: [c.n, c.d], elements: c.hidden), "h.npy", in: dir)
        let w = Self.save(Tensor(shape: [c.v, c.d], elements: c.weights), "w.npy", in: dir)
        let b = Self.save(Tensor(shape: [c.v], elements: c.bias), "b.npy", in: dir)
        let y = Self.save(Tensor(shape: [c.n], elements: c.labels), "y.npy", in: dir)
        let out = (dir as NSString).appendingPathComponent("grads/new")
        let command = try LossCommand.parse([
            "linear-cross-entropy", "--hidden", h, "--weights", w, "--bias", b, "--targets", y,
            "--convention", "pytorch", "--class-weights", c.classWeights.map { "\($0)" }.joined(separator: ","),
            "--gradient-out", out, "--threads", "2", "--json"])
        let report = try command.evaluateLinear()
        #expect(abs(report.values[0] - c.value) <= 1e-5 * abs(c.value))
        try LinearCrossEntropyInputs.writeGradients(report, directory: out)
        func load(_ name: String) throws -> [Float] {
            guard case .float32(let t) = try NumPyFile.read(contentsOf: (out as NSString).appendingPathComponent(name))
            else { return [] }
            return t.elements
        }
        #expect(Self.close(try load("hidden_grad.npy"), c.hiddenGradient))
        #expect(Self.close(try load("weights_grad.npy"), c.weightsGradient))
        #expect(Self.close(try load("bias_grad.npy"), c.biasGradient))

        let json = report.json.text
        for key in ["\"value\":", "\"unit\":\"nats\"", "\"shape\":[]", "\"warnings\":[]",
                    "\"peak_logits_bytes\":\(16 * c.v * 4)", "\"kind\":\"linear-cross-entropy\""] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(!json.contains("hidden_gradient"))
    }

    @Test func badFilesExit65BeforeAnyMath() {
        let dir = Self.folder()
        let h = Self.save(Tensor<Float>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6]), "h.npy", in: dir)
        let w = Self.save(Tensor<Float>(shape: [4, 3], elements: Array(repeating: 0.5, count: 12)), "w.npy", in: dir)
        let w2 = Self.save(Tensor<Float>(shape: [4, 2], elements: Array(repeating: 0.5, count: 8)), "w2.npy", in: dir)
        let b = Self.save(Tensor<Float>(shape: [3], elements: [0, 0, 0]), "b.npy", in: dir)
        let cube = Self.save(Tensor<Float>(shape: [1, 2, 3], elements: [1, 2, 3, 4, 5, 6]), "c.npy", in: dir)
        let y = Self.save(Tensor<Int64>(shape: [2], elements: [0, 3]), "y.npy", in: dir)
        let bad = Self.save(Tensor<Int64>(shape: [2], elements: [0, 4]), "bad.npy", in: dir)
        let three = Self.save(Tensor<Int64>(shape: [3], elements: [0, 1, 2]), "y3.npy", in: dir)
        let corrupt = LossCommandErrorTests.file(bytes: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1], "bad.npy")
        let cases: [([String], String)] = [
            (["--hidden", h, "--weights", w, "--targets", bad],
             "--targets: \(bad): row 2: label 4 is out of range: expected 0..<4 or the ignored label"),
            (["--hidden", h, "--weights", w2, "--targets", y],
             "--weights: \(w2): shape [4, 2] does not match --hidden: expected [4, 3]"),
            (["--hidden", h, "--weights", w, "--bias", b, "--targets", y],
             "--bias: \(b): shape [3] does not match --weights: expected [4]"),
            (["--hidden", h, "--weights", w, "--targets", three],
             "--targets: \(three): shape [3] does not match --hidden: expected [2]"),
            (["--hidden", cube, "--weights", w, "--targets", y],
             "--hidden: \(cube): shape [1, 2, 3] is not valid: expected a matrix [rows, columns]"),
        ]
        for (arguments, message) in cases {
            let error = Self.error(["linear-cross-entropy"] + arguments)
            #expect(error?.exitCode == .dataError, "\(arguments)")
            #expect(error?.message == message)
        }
        #expect(Self.error(["linear-cross-entropy", "--hidden", corrupt, "--weights", w, "--targets", y])?.exitCode
                == .dataError)
        #expect(Self.error(["linear-cross-entropy", "--hidden", "/nonexistent/h.npy", "--weights", w,
                            "--targets", y])?.exitCode == .noInput)
    }

    @Test func badArgumentsExit64() {
        let dir = Self.folder()
        let h = Self.save(Tensor<Float>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6]), "h.npy", in: dir)
        let w = Self.save(Tensor<Float>(shape: [4, 3], elements: Array(repeating: 0.5, count: 12)), "w.npy", in: dir)
        let y = Self.save(Tensor<Int64>(shape: [2], elements: [0, 3]), "y.npy", in: dir)
        let cases: [[String]] = [
            ["--weights", w, "--targets", y],
            ["--hidden", h, "--weights", w, "--targets", y, "--predictions", h],
            ["--hidden", h, "--weights", w, "--targets", y, "--sample-weights", y],
            ["--hidden", h, "--weights", w, "--targets", y, "--threads", "0"],
            ["--hidden", h, "--weights", w, "--targets", y, "--label-smoothing", "0.1"],  // Keras: none on sparse
            ["--hidden", h, "--weights", w, "--targets", y, "--class-weights", "1,2"],
            ["--hidden", h, "--weights", w, "--targets", y, "--pos-weight", "2"],
        ]
        for arguments in cases {
            let error = Self.error(["linear-cross-entropy"] + arguments)
            #expect(error?.exitCode == .usage, "\(arguments): \(String(describing: error))")
            #expect(error.map { !$0.message.contains("\n") } ?? false)
        }
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--hidden", h, "--predictions", h, "--targets", y])?
            .message == "--hidden: only for the linear-cross-entropy loss")
        #expect(LossCommandErrorTests.error(["sparse-categorical", "--predictions", h, "--targets", y, "--threads", "2"])?
            .message == "--threads: only for the linear-cross-entropy loss")
    }
}

/// `xent bench --kernels linear-cross-entropy-forward-backward --shapes NxDxV`: rows with `d` and `flops_per_second`,
/// the same checksum for one and two threads.
@Suite struct LinearCrossEntropyBenchTests {
    static func run(threads: Int) -> BenchRunner.Report {
        let plan = BenchPlan(
            shapes: [BenchShape(rows: 40, classes: 300, depth: 24)], kernels: [.linearCrossEntropyForwardBackward],
            dtypes: [.float32, .float64], threads: threads, repetitions: 1, copyBytes: 1 << 20, clock: .wall)
        return BenchRunner(plan: plan, progress: false).run()
    }

    @Test func rowsCarryDepthAndFlopRate() {
        let one = Self.run(threads: 1), two = Self.run(threads: 2)
        #expect(one.results.count == 2)
        #expect(one.results.allSatisfy { ($0.flopsPerSecond ?? 0) > 0 && $0.checksum.isFinite })
        #expect(one.results.map(\.checksum) == two.results.map(\.checksum))
        let json = one.json.text
        #expect(json.contains("\"d\":24"))
        #expect(json.contains("\"flops_per_second\":"))
        #expect(json.contains("\"kernel\":\"linear-cross-entropy-forward-backward\""))
    }
}
