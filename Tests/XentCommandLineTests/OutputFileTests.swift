import Foundation
import Testing
@testable import XentCommandLine

/// Output files that cannot be written whole: past a file size limit, over an existing file without --force, under
/// a path that is not a folder. Every case is exit status 73 naming the cause, checked before long work where it can
/// be, and no file is damaged or left half-written.
@Suite struct OutputFileTests {
    /// A file size limit (`ulimit -f`, SIGXFSZ ignored by xent) makes every output file fail part-way: exit 73
    /// naming the cause, the existing file untouched, nothing new left in the folder.
    @Test func aFailedFileWriteLeavesNothingBehind() throws {
        let folder = try StandardOutputTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try Data("OLD".utf8).write(to: URL(fileURLWithPath: folder + "/out/old"))
        let big = (0..<20_000).map { "\($0 % 7),\($0 % 5),0.\($0)" }.joined(separator: "\n") + "\n"
        try Data(big.utf8).write(to: URL(fileURLWithPath: folder + "/big.csv"))
        try Data((0..<20_000).map { "\($0 % 3)" }.joined(separator: "\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/big-labels.csv"))
        let commands = [
            "\"$XENT\" compress r --model order0 -o out/old --force",
            "\"$XENT\" compress r --model order0 -o out/new",
            "\"$XENT\" decompress r.xnt -o out/old --force",
            "\"$XENT\" decompress r.xnt -o out/new",
            "\"$XENT\" loss sparse-categorical --predictions big.csv --targets big-labels.csv --from-logits --gradient-out out/old",
            "\"$XENT\" loss sparse-categorical --predictions big.csv --targets big-labels.csv --from-logits --gradient-out out/new.npy",
        ]
        for command in commands {
            let outcome = try XentProcess.run("ulimit -f 16 && exec \(command) > /dev/null", in: folder)
            #expect(outcome.status == 73, "\(command): \(outcome.stderr)")
            #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("File too large"),
                    "\(command): \(outcome.stderr)")
            #expect(try String(contentsOfFile: folder + "/out/old", encoding: .utf8) == "OLD", "\(command)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out") == ["old"], "\(command)")
        }
        // Without the limit the same commands succeed and replace the file whole.
        let outcome = try XentProcess.run(
            "\"$XENT\" decompress r.xnt -o out/old --force && cmp -s out/old r", in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func trainPredictionsRefuseToReplaceWithoutForce() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let existing = folder + "/p.csv"
        try Data("OLD".utf8).write(to: URL(fileURLWithPath: existing))
        #expect { try PredictionsWriter.checkWritable(existing, force: false) } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .cannotCreate
                && error?.message == "--predictions: '\(existing)' already exists: expected a new file name, or --force to replace it"
        }
        try PredictionsWriter.checkWritable(existing, force: true)
        // The check runs before the data set is even read.
        #expect { try TrainCommand.parse(["--train", "/nonexistent/TRAIN.tsv", "--test", "/nonexistent/TEST.tsv",
                                          "--predictions", existing]).run() } throws: { error in
            (error as? CLIError)?.exitCode == .cannotCreate
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "OLD")
    }

    @Test func reportFoldersAreCheckedBeforeTraining() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/FILE"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let start = Date()
        #expect { try DemoCommand.parse(["--report", file + "/x", "--json"]).run() } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .cannotCreate && error?.message.hasPrefix("--report: '\(file)/x'") == true
        }
        #expect { try TrainCommand.parse(["--report", file + "/x"]).run() } throws: { error in
            (error as? CLIError)?.exitCode == .cannotCreate
        }
        #expect(Date().timeIntervalSince(start) < 5)
        try ReportWriter.checkWritable(folder + "/new/deeper")
    }
}
