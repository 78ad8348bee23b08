import Foundation

/// Reads the peer fixtures in Tests/Fixtures (made by Scripts/fixtures/coding.py).
enum Fixtures {
    struct HuffmanFile: Decodable {
        var peer: String
        var distributions: [HuffmanCase]
    }

    struct HuffmanCase: Decodable {
        var name: String
        var probabilities: [Double]
        var lengths: [Int]
        var expected_length: Double
    }

    static func huffman() throws -> HuffmanFile {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/coding-huffman.json")
        return try JSONDecoder().decode(HuffmanFile.self, from: Data(contentsOf: url))
    }
}
