import Foundation
import Testing

/// `xent compress` and `xent entropy --file` print the order-0 byte entropy through one library path
/// (XentInformationTheory's `ByteHistogram`): the same bits for the same file.
@Suite struct ByteEntropyOutputTests {
    /// The value of `field` in a one-line JSON object (a number).
    static func number(_ field: String, in json: String) -> Double? {
        guard let range = json.range(of: "\"\(field)\":") else { return nil }
        let rest = json[range.upperBound...].prefix { $0 != "," && $0 != "}" }
        return Double(rest)
    }

    @Test func compressAndEntropyAgreeToTheBit() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = (0..<2_000).map { "line \($0 * $0 % 977) of a small text\n" }.joined()
        _ = FileManager.default.createFile(atPath: folder + "/t.txt", contents: Data(text.utf8))
        let compress = try XentProcess.run("\"$XENT\" compress t.txt --model order0 -o t.xnt --json", in: folder)
        let entropy = try XentProcess.run("\"$XENT\" entropy --file t.txt --json", in: folder)
        #expect(compress.status == 0 && entropy.status == 0, "\(compress.stderr) \(entropy.stderr)")
        let fromCompress = try #require(Self.number("order0_entropy", in: compress.stdout))
        let fromEntropy = try #require(Self.number("bits_per_byte", in: entropy.stdout))
        #expect(fromCompress == fromEntropy)
    }

    /// An empty file: `compress` reports 0 bits per byte for every per-byte figure (the order-0 entropy among
    /// them), `entropy --file` refuses it (65) since the entropy of no data is undefined.
    @Test func anEmptyFile() throws {
        let folder = XentProcess.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/empty", contents: Data())
        let compress = try XentProcess.run("\"$XENT\" compress empty -o empty.xnt --json", in: folder)
        #expect(compress.status == 0, "\(compress.stderr)")
        #expect(Self.number("order0_entropy", in: compress.stdout) == 0)
        let entropy = try XentProcess.run("\"$XENT\" entropy --file empty", in: folder)
        #expect(entropy.status == 65)
    }
}
