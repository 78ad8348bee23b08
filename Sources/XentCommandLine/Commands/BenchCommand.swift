import ArgumentParser
import Foundation
import XentKernels

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the kernels against the memory-copy bound, in process.",
        discussion: """
            For each kernel, shape and dtype: the median of repeated runs, in elements per second, the fraction \
            of the bound that memory-copy bandwidth (on the run's threads, the faster of memcpy and a streaming \
            copy, timed again next to every repetition: the median of those paired copies) sets for that kernel's \
            traffic, \
            the kernel's ceiling (the lower of that copy bound and the rate of the exp and/or log it needs per \
            element on L1-resident data, measured next to every repetition with a reference exp and the kernels' log: \
            `limit` says which) and the fraction of it reached (the median of the paired fractions), and a checksum of the result (the same for any --threads). The output names \
            the CPU and the dispatched clone. Build with `swift build -c release`.

            Kernels: softmax-ce-forward, softmax-ce-forward-backward (sparse labels, gradient into a second \
            buffer), bce-logits-forward-backward, entropy-rows, and (only when named) \
            linear-cross-entropy-forward-backward: the fused linear + cross-entropy with the gradients of h and W on \
            NxDxV shapes (default 1024x512x32000), reported also in FLOP/s (6·N·D·V per run).
            Default shapes: 1000000x10, 65536x1000, 4096x32000, 512x128000 (up to 3.7 GB of memory for float64, \
            the copy probe's 0.5 GB included).

            Example:
              xent bench --quick
              xent bench --json --threads 2 --dtypes float32
              xent bench --shapes 65536x1000 --kernels softmax-ce-forward-backward --repetitions 9
              xent bench --clock cpu      # on a machine shared with other work
              xent bench --kernels linear-cross-entropy-forward-backward --shapes 1024x512x32000 --dtypes float32
              xent bench --threads 2 --scaling   # paired speed-up over one thread, and the same-bits check
            """
    )

    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(parsing: .unconditional, help: "Threads each kernel splits its rows across (results have the same bits for any count).")
    var threads = 1
    @Flag(help: "Small shapes and few repetitions: a smoke run of a second or two.") var quick = false
    @Option(help: "Comma-separated shapes ROWSxCLASSES, or NxDxV for linear-cross-entropy-forward-backward (overrides the default set and --quick's).")
    var shapes: String?
    @Option(help: "Comma-separated kernels to run (default: the four row kernels).") var kernels: String?
    @Option(help: "Comma-separated dtypes: float32, float64.") var dtypes = "float32,float64"
    @Option(parsing: .unconditional, help: "Timed runs per kernel and shape; the median is reported.") var repetitions: Int?
    @Flag(help: "With --threads above 1: follow every timed run with a one-thread run and report the median of the paired speed-ups, and whether the one-thread result has the same checksum.")
    var scaling = false
    @Option(help: ArgumentHelp(
        "wall (elapsed time) or cpu (CPU time of the process, all threads: rates per busy core, for a shared machine).",
        valueName: "clock"))
    var clock = "wall"

    func run() throws {
        guard threads >= 1, threads <= 256 else {
            throw CLIError.badArgument("--threads", String(threads), expected: "an integer from 1 to 256")
        }
        let repetitions = self.repetitions ?? (quick ? 3 : 5)
        guard repetitions >= 1, repetitions <= 1000 else {
            throw CLIError.badArgument("--repetitions", String(repetitions), expected: "an integer from 1 to 1000")
        }
        guard let benchClock = BenchClock(rawValue: clock) else {
            throw CLIError.badArgument("--clock", clock, expected: "wall or cpu")
        }
        let kernelList = try parseKernels()
        var shapeList = try parseShapes()
        if shapes == nil, kernelList.contains(where: \.takesDepth) {
            shapeList = (kernelList.allSatisfy(\.takesDepth) ? [] : shapeList)
                + (quick ? BenchShape.linearQuick : BenchShape.linearStandard)
        }
        for kernel in kernelList where !shapeList.contains(where: { ($0.depth != nil) == kernel.takesDepth }) {
            throw CLIError.badArgument(
                "--shapes", shapes ?? "",
                expected: kernel.takesDepth ? "a shape NxDxV for \(kernel.rawValue)"
                                            : "a shape ROWSxCLASSES for \(kernel.rawValue)")
        }
        let dtypeList = try parseDtypes()
        let plan = BenchPlan(
            shapes: shapeList, kernels: kernelList, dtypes: dtypeList, threads: threads, repetitions: repetitions,
            copyBytes: quick ? 32 << 20 : 256 << 20, clock: benchClock, scaling: scaling && threads > 1)
        try BenchMemory.check(plan, shapesGiven: shapes != nil)
        let report = BenchRunner(plan: plan, progress: !json && stderrIsTerminal).run()
        if json {
            try printLine(report.json.text)
        } else {
            for line in report.textLines { try printLine(line) }
        }
    }

    private func parseShapes() throws -> [BenchShape] {
        guard let shapes else { return quick ? BenchShape.quick : BenchShape.standard }
        var result: [BenchShape] = []
        for item in shapes.split(separator: ",") {
            let parts = item.lowercased().split(separator: "x")
            let sizes = parts.compactMap { Int($0) }
            guard parts.count == 2 || parts.count == 3, sizes.count == parts.count, sizes.allSatisfy({ $0 >= 1 }),
                  sizes.allSatisfy({ $0 <= 1 << 31 }),
                  sizes[0].multipliedReportingOverflow(by: sizes[parts.count - 1]).partialValue <= 1 << 31,
                  sizes.dropFirst().allSatisfy({ sizes[0].multipliedReportingOverflow(by: $0).partialValue <= 1 << 31 })
            else {
                throw CLIError.badArgument(
                    "--shapes", String(item),
                    expected: "ROWSxCLASSES or NxDxV with positive sizes and at most 2^31 elements per matrix")
            }
            result.append(parts.count == 2 ? BenchShape(rows: sizes[0], classes: sizes[1])
                                           : BenchShape(rows: sizes[0], classes: sizes[2], depth: sizes[1]))
        }
        guard !result.isEmpty else { throw CLIError.badArgument("--shapes", shapes, expected: "at least one shape") }
        return result
    }

    private func parseKernels() throws -> [BenchKernel] {
        guard let kernels else { return BenchKernel.defaults }
        var result: [BenchKernel] = []
        for name in kernels.split(separator: ",") {
            guard let kernel = BenchKernel(rawValue: String(name)) else {
                throw CLIError.badArgument(
                    "--kernels", String(name),
                    expected: "one of " + BenchKernel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            result.append(kernel)
        }
        guard !result.isEmpty else { throw CLIError.badArgument("--kernels", kernels, expected: "at least one kernel") }
        return result
    }

    private func parseDtypes() throws -> [BenchDtype] {
        var result: [BenchDtype] = []
        for name in dtypes.split(separator: ",") {
            guard let dtype = BenchDtype(rawValue: String(name)) else {
                throw CLIError.badArgument("--dtypes", String(name), expected: "float32 or float64")
            }
            result.append(dtype)
        }
        guard !result.isEmpty else { throw CLIError.badArgument("--dtypes", dtypes, expected: "float32 or float64") }
        return result
    }
}
