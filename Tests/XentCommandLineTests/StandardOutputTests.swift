import Foundation
import Testing
import XentTensorIO
@testable import XentCommandLine

/// Writes to stdout and stderr that fail: stdout on a full device or closed, stderr unwritable. Every case ends in
/// exit status 73 (65 or 64 where the input was bad) with at most one line on stderr, never a trap.
@Suite struct StandardOutputTests {
    /// A folder with a small random file `r` (incompressible), its container `r.xnt`, and CSV inputs for `loss`.
    static func workspace() throws -> String {
        let folder = XentProcess.folder()
        var generator = SystemRandomNumberGenerator()
        let random = (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = FileManager.default.createFile(atPath: folder + "/r", contents: Data(random))
        _ = FileManager.default.createFile(atPath: folder + "/s.txt", contents: Data("to be or not to be\n".utf8))
        _ = FileManager.default.createFile(atPath: folder + "/logits.csv", contents: Data("2,1,0.1\n0.5,2.5,0.3\n".utf8))
        _ = FileManager.default.createFile(atPath: folder + "/labels.csv", contents: Data("0\n1\n".utf8))
        let outcome = try XentProcess.run(
            "\"$XENT\" compress r --model order0 -o r.xnt && \"$XENT\" compress s.txt -o s.xnt", in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return folder
    }

    /// The commands whose stdout is redirected, each writing something.
    static let writers = [
        "\"$XENT\" entropy 0.5,0.5",
        "\"$XENT\" entropy 0.5,0.5 --json",
        "\"$XENT\" compress s.txt -c",
        "\"$XENT\" decompress s.xnt -c",
        "\"$XENT\" code 0.5,0.25,0.25",
        "\"$XENT\" loss sparse-categorical --predictions logits.csv --targets labels.csv --from-logits",
        "\"$XENT\" --help",
        "\"$XENT\" entropy --help",
    ]

    @Test func aFullStdoutIsExit73WithOneLine() throws {
        let folder = try StandardOutputTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for command in StandardOutputTests.writers {
            let outcome = try XentProcess.run("exec \(command) > /dev/full", in: folder)
            #expect(outcome.status == 73, "\(command): \(outcome.stderr)")
            #expect(outcome.stderrLines == ["xent: error: stdout: cannot write: No space left on device"],
                    "\(command)")
        }
    }

    @Test func aClosedStdoutIsExit73WithOneLine() throws {
        let folder = try StandardOutputTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for command in StandardOutputTests.writers {
            let outcome = try XentProcess.run("exec \(command) >&-", in: folder)
            #expect(outcome.status == 73, "\(command): \(outcome.stderr)")
            #expect(outcome.stderrLines == ["xent: error: stdout: cannot write: Bad file descriptor"], "\(command)")
        }
        // With stdout closed, an output file still gets its own bytes (not the descriptor stdout left free).
        let outcome = try XentProcess.run("exec \"$XENT\" compress s.txt -o closed.xnt >&-", in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let copy = try XentProcess.run("exec \"$XENT\" decompress closed.xnt -c | cmp -s - s.txt", in: folder)
        #expect(copy.status == 0)
    }

    @Test func anUnwritableStderrKeepsTheExitStatus() throws {
        let folder = try StandardOutputTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for redirect in ["2> /dev/full", "2>&-"] {
            let bad = try XentProcess.run("exec \"$XENT\" entropy 0.5,0.6 \(redirect)", in: folder)
            #expect(bad.status == 65, "\(redirect)")
            let usage = try XentProcess.run("exec \"$XENT\" entropy 0.5,0.5 --base 1 \(redirect)", in: folder)
            #expect(usage.status == 64, "\(redirect)")
            let both = try XentProcess.run("exec \"$XENT\" entropy 0.5,0.5 > /dev/full \(redirect)", in: folder)
            #expect(both.status == 73, "\(redirect)")
        }
    }

    @Test func stdoutFailuresAreCLIErrors() throws {
        // The in-process path: the writer itself reports ENOSPC and EBADF as errors, never a trap.
        let full = open("/dev/full", O_WRONLY)
        defer { close(full) }
        #expect(throws: TensorFileError.cannotWrite(path: "stdout", reason: "No space left on device")) {
            try FileDescriptorWriter.write(Array("x\n".utf8), to: full, name: "stdout")
        }
        #expect(throws: TensorFileError.cannotWrite(path: "stdout", reason: "Bad file descriptor")) {
            try FileDescriptorWriter.write(Array("x\n".utf8), to: -1, name: "stdout")
        }
    }
}
