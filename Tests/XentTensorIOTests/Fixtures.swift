import Foundation

/// One case of `Tests/Fixtures/tensor-files.json`, written by `Scripts/fixtures/tensor_files.py` with NumPy.
struct TensorFileFixture: Decodable, Sendable, CustomStringConvertible {
    var file: String
    var kind: String
    var note: String
    var shape: [Int]
    var dtype: String?
    var fortran: Bool?
    /// `.npy` values as Python reprs (float64 repr of each stored value, or the integer).
    var values: [String]?
    var float64: [String]?
    var float32: [String]?
    var numpy_float64: [String]?
    var int64: [Int]?

    var description: String { file }
}

/// The peer fixtures of `Scripts/fixtures/tensor_files.py` (NumPy-written files and their values).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    private struct File: Decodable { var cases: [TensorFileFixture] }

    static let cases: [TensorFileFixture] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("tensor-files.json")),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()

    static func named(_ file: String) -> TensorFileFixture? {
        cases.first { $0.file == file }
    }

    /// Python reprs as doubles (`inf`, `-inf` and `nan` included).
    static func doubles(_ texts: [String]?) -> [Double] {
        (texts ?? []).compactMap(Double.init)
    }

    /// A temporary path that does not exist yet.
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("xent-tensorio-\(UUID().uuidString)-\(name)").path
    }
}
