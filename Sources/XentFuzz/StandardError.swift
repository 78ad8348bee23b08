import Foundation

/// Writes `text` to standard error with the throwing write; a failure (a closed or full stderr) is ignored, never a
/// trap: the harness's verdict is its exit status.
func writeToStandardError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
}
