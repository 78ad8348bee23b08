import Foundation

/// Reading the input files of the information-theory commands, with the CLI's exit statuses: 66 for a file that
/// cannot be read, 65 for one whose contents are not what was expected.
enum InputFile {
    /// The whole file, or exit 66 naming the argument and the path.
    static func data(_ path: String, argument: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(argument): '\(path)' cannot be read: expected an existing file", exitCode: .noInput)
        }
        guard !isDirectory.boolValue else {
            throw CLIError("\(argument): '\(path)' is a directory: expected a file", exitCode: .noInput)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(argument): '\(path)' cannot be read: expected a readable file", exitCode: .noInput)
        }
    }

    /// The file as UTF-8 text (without a leading byte-order mark), or exit 65 when it is not valid UTF-8.
    static func text(_ path: String, argument: String) throws -> String {
        let data = try data(path, argument: argument)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("\(argument): '\(path)' is not valid: expected UTF-8 text", exitCode: .dataError)
        }
        // A byte-order mark is not part of the first line.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Calls `body` with successive chunks of the file (for files too large to hold at once), or exits 66.
    static func forEachChunk(_ path: String, argument: String, _ body: (Data) -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("\(argument): '\(path)' cannot be read: expected an existing, readable file",
                           exitCode: .noInput)
        }
        defer { try? handle.close() }
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                body(chunk)
            }
        } catch {
            throw CLIError("\(argument): '\(path)' cannot be read: expected a readable file", exitCode: .noInput)
        }
    }
}
