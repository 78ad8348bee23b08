import Foundation
import Testing
@testable import XentCommandLine

/// Inputs that are not regular files: pipes (`/dev/stdin`, `<(…)`) and FIFOs are read once, to their end, by every
/// command, as regular files are.
@Suite struct InputStreamTests {
    static let logits = "2,1,0.1\n0.5,2.5,0.3\n-1,0.2,3\n"
    static let labels = "0\n1\n2\n"
    static let loss = "0.39218801676056044"

    static func workspace() throws -> String {
        let folder = XentProcess.folder()
        try Data(logits.utf8).write(to: URL(fileURLWithPath: folder + "/logits.csv"))
        try Data(labels.utf8).write(to: URL(fileURLWithPath: folder + "/labels.csv"))
        try Data("a\nb\na\nc\n".utf8).write(to: URL(fileURLWithPath: folder + "/symbols.txt"))
        try Data("0.4,0.1\n0.1,0.4\n".utf8).write(to: URL(fileURLWithPath: folder + "/joint.csv"))
        try Data("the cross-entropy of the model on the file is its compressed size\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/text"))
        return folder
    }

    static let lossCommand = "\"$XENT\" loss sparse-categorical --targets labels.csv --from-logits --convention pytorch --label-smoothing 0.1 --json"

    @Test func lossReadsPipes() throws {
        let folder = try InputStreamTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scripts = [
            "cat logits.csv | \(InputStreamTests.lossCommand) --predictions /dev/stdin",
            "cat logits.csv | \(InputStreamTests.lossCommand) --predictions /dev/fd/0",
            "cat labels.csv | \(InputStreamTests.lossCommand) --predictions logits.csv --targets /dev/stdin",
        ]
        for script in scripts {
            let outcome = try XentProcess.run(script, in: folder)
            #expect(outcome.status == 0, "\(script): \(outcome.stderr)")
            #expect(outcome.stdout.contains("\"value\":0.392188016760560"), "\(script): \(outcome.stdout)")
        }
    }

    /// Every command reads a FIFO whose writer comes a moment later (opened once, read to the end): no hang, no
    /// "holds no data", no refusal.
    @Test func everyCommandReadsAFIFO() throws {
        let folder = try InputStreamTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [(feed: String, command: String, expected: String)] = [
            ("logits.csv", "\(InputStreamTests.lossCommand) --predictions fifo", "\"value\":0.392188016760560"),
            ("symbols.txt", "\"$XENT\" entropy --samples fifo --json", "\"value\":1.5,"),
            ("symbols.txt", "\"$XENT\" entropy --file fifo --json", "\"bytes\":8,"),
            ("joint.csv", "\"$XENT\" mutual-information --joint fifo --json", "\"value\":0.2780719051126"),
            ("text", "\"$XENT\" compress fifo -o fifo.xnt --json", "\"input_bytes\":66,"),
        ]
        for (feed, command, expected) in cases {
            let script = "rm -f fifo; mkfifo fifo; (sleep 1; cat \(feed) > fifo) & exec \(command)"
            let outcome = try XentProcess.run(script, in: folder, timeout: 30)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            #expect(outcome.stdout.contains(expected), "\(command): \(outcome.stdout)")
        }
        let roundTrip = try XentProcess.run("\"$XENT\" decompress fifo.xnt -c | cmp -s - text", in: folder)
        #expect(roundTrip.status == 0)
    }

    @Test func trainReadsProcessSubstitutions() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ucr").path
        let script = "cat '\(fixtures)/ECG200_TRAIN.tsv' | \"$XENT\" train --train /dev/stdin "
            + "--test '\(fixtures)/ECG200_TEST.tsv' --model mlp --epochs 1 --json"
        let outcome = try XentProcess.run(script, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("{\"value\":"))
    }

    @Test func inputFileErrorsNameTheArgumentAndCause() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect { try InputFile.text(folder, argument: "--samples") } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .noInput && error?.message == "--samples: cannot read '\(folder)': it is a directory"
        }
        #expect { try InputFile.text(folder + "/missing", argument: "--joint") } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .noInput
                && error?.message == "--joint: cannot read '\(folder)/missing': No such file or directory"
        }
        let binary = folder + "/random.bin"
        try Data([0xFF, 0xFE, 0x00, 0xC3, 0x28]).write(to: URL(fileURLWithPath: binary))
        #expect { try InputFile.text(binary, argument: "--samples") } throws: { error in
            let error = error as? CLIError
            return error?.exitCode == .dataError && error?.message == "--samples: '\(binary)' is not valid: expected UTF-8 text"
        }
    }
}
