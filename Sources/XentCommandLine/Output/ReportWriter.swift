import Foundation
import XentTraining

/// Writes a training report page into a directory (created if needed).
enum ReportWriter {
    /// Fails early (before any training) when `directory` cannot hold the report: it is a file, or the nearest
    /// existing folder on its path is not a writable folder.
    static func checkWritable(_ directory: String) throws(CLIError) {
        var path = directory.isEmpty ? "." : directory
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw CLIError(
                        "--report: '\(directory)' cannot be written: '\(path)' is not a directory: expected a "
                            + "directory (or a path where one can be created)", exitCode: .cannotCreate)
                }
                if path == directory {
                    try OutputFile.check(
                        (path as NSString).appendingPathComponent("report.html"), replacing: true, argument: "--report")
                } else if access(path, W_OK | X_OK) != 0 {
                    throw CLIError("--report: cannot create '\(directory)': '\(path)': \(String(cString: strerror(errno)))",
                                   exitCode: .cannotCreate)
                }
                return
            }
            let parent = (path as NSString).deletingLastPathComponent
            path = parent.isEmpty ? "." : parent
        }
    }

    /// Writes `report.html` into `directory` (completely or not at all) and returns its path.
    @discardableResult
    static func write(_ report: TrainingReport, directory: String) throws(CLIError) -> String {
        let folder = URL(fileURLWithPath: directory)
        let file = folder.appendingPathComponent("report.html")
        try makeDirectories(folder.path, reportedAs: directory)
        try OutputFile.write(report.html, to: file.path, replacing: true, argument: "--report")
        return file.path
    }

    /// `mkdir -p`, with the cause of a failure in the message.
    static func makeDirectories(
        _ path: String, reportedAs directory: String, argument: String = "--report"
    ) throws(CLIError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError("\(argument): cannot create '\(directory)': '\(path)' is not a directory",
                               exitCode: .cannotCreate)
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent, reportedAs: directory, argument: argument) }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw CLIError("\(argument): cannot create '\(directory)': \(String(cString: strerror(errno)))",
                           exitCode: .cannotCreate)
        }
    }
}
