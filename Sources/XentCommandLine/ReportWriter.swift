import Foundation
import XentTraining

/// Writes a training report page into a directory (created if needed).
enum ReportWriter {
    /// Writes `report.html` into `directory` and returns its path.
    @discardableResult
    static func write(_ report: TrainingReport, directory: String) throws -> String {
        let folder = URL(fileURLWithPath: directory)
        let file = folder.appendingPathComponent("report.html")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(report.html.utf8).write(to: file)
        } catch {
            throw CLIError("--report: '\(directory)' cannot be written: expected a writable directory",
                           exitCode: .cannotCreate)
        }
        return file.path
    }
}
