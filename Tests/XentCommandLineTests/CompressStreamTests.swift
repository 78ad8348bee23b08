import Foundation
import Testing
@testable import XentCommandLine

/// `compress` and `decompress` stream: pipes of unknown size, several frames, and a corrupt or truncated stream
/// that leaves no file behind (exit 65, one line).
@Suite struct CompressStreamTests {
    /// A 1.09 MB input (two frames: debug builds are slow) through pipes both ways, restored bit for bit.
    @Test func pipesRoundTripSeveralFrames() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try XentProcess.run(
            """
            seq 1 50000 > big && yes "a line of a log" | head -c 800000 >> big
            cat big | "$XENT" compress --model order0 --level 1 -c | cat > big.xnt \
              && cat big.xnt | "$XENT" decompress -c | cmp -s - big && echo ok
            """, in: folder, timeout: 120)
        #expect(outcome.status == 0 && outcome.stdout == "ok\n", "\(outcome.stderr)")
    }

    /// A truncated, an extended and a corrupted stream: exit 65 with one line, the existing output file untouched,
    /// no temporary file left.
    @Test func damagedStreamsLeaveNothingBehind() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let setup = try XentProcess.run(
            """
            mkdir out && printf OLD > out/old
            i=0; while [ $i -lt 3000 ]; do echo "entry $i"; i=$((i+1)); done > t
            "$XENT" compress t --model order2 --level 1 -o t.xnt
            head -c 200 t.xnt > cut.xnt
            cat t.xnt t.xnt > twice.xnt
            { head -c 100 t.xnt; printf X; tail -c +102 t.xnt; } > flipped.xnt
            """, in: folder)
        #expect(setup.status == 0, "\(setup.stderr)")
        for (file, message) in [("cut.xnt", "truncated container"), ("twice.xnt", "bytes follow the end"),
                                ("flipped.xnt", "corrupt container")] {
            for target in ["out/old --force", "out/new"] {
                let outcome = try XentProcess.run("\"$XENT\" decompress \(file) -o \(target)", in: folder)
                #expect(outcome.status == 65, "\(file): \(outcome.stderr)")
                #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains(message), "\(file): \(outcome.stderr)")
                #expect(try String(contentsOfFile: folder + "/out/old", encoding: .utf8) == "OLD")
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out") == ["old"])
            }
        }
    }

    /// `--threads 2` on an input of two segments and a bit (8 MiB each): restored bit for bit, the same bytes as
    /// `--threads 3`, a version-3 header; a thread count out of range is a usage error naming the option.
    @Test func threadsCodeSegments() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try XentProcess.run(
            """
            seq 1 1300000 > big
            "$XENT" compress big --model order0 --level 1 --threads 2 -o two.xnt \
              && "$XENT" decompress two.xnt -c | cmp -s - big \
              && "$XENT" decompress two.xnt --threads 2 -c | cmp -s - big \
              && head -c 5 two.xnt | tail -c 1 | od -An -tu1 | tr -d ' '
            """, in: folder, timeout: 300)
        #expect(outcome.status == 0 && outcome.stdout == "3\n", "\(outcome.stderr)")
        let bad = try XentProcess.run("printf abc | \"$XENT\" compress --threads 0 -c > /dev/null", in: folder)
        #expect(bad.status == 64 && bad.stderr.contains("--threads"), "\(bad.stderr)")
        let badDecode = try XentProcess.run("\"$XENT\" decompress two.xnt --threads 65 -c > /dev/null", in: folder)
        #expect(badDecode.status == 64 && badDecode.stderr.contains("--threads"), "\(badDecode.stderr)")
    }
}

