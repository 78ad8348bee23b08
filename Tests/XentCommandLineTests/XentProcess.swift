import Foundation
import Testing

/// Runs the built `xent` executable in a shell, for what only a separate process shows: the exit status, the lines
/// on stderr, redirections (`> /dev/full`, a closed stdout), resource limits (`ulimit -f`, `ulimit -v`) and FIFOs.
///
/// `swift test` builds every product, so the executable sits beside the test bundle.
enum XentProcess {
    /// The path of the `xent` executable, found beside the test bundle.
    static let executable: String? = {
        var folders: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        for folder in folders {
            let path = folder.appendingPathComponent("xent").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    struct Outcome {
        /// The exit status; nil when the process was killed by a signal (a trap) or the time ran out.
        var status: Int32?
        var stdout: String
        var stderr: String
        /// The non-empty lines of stderr.
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// A fresh folder for one test's files.
    static func folder() -> String {
        ScratchSpace.folder("xent-cli")
    }

    /// Runs `script` with `/bin/sh -c` in `directory`, `$XENT` naming the executable; kills it after `timeout`
    /// seconds (the outcome's status is then nil).
    static func run(_ script: String, in directory: String, timeout: Double = 60) throws -> Outcome {
        let xent = try #require(executable, "the xent executable was not found beside the test bundle")
        let outPath = directory + "/.stdout", errPath = directory + "/.stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try #require(FileHandle(forWritingAtPath: outPath))
        let err = try #require(FileHandle(forWritingAtPath: errPath))
        defer {
            try? out.close()
            try? err.close()
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["XENT"] = xent
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            process.terminate()
        }
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let exited = process.terminationReason == .exit && !timedOut
        return Outcome(status: exited ? process.terminationStatus : nil, stdout: stdout, stderr: stderr)
    }
}
