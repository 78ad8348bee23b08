import Foundation

/// Where this test bundle's files go: one folder per test process under the system's temporary directory, removed
/// with everything in it when the process exits, so that a run of `swift test` leaves nothing behind however many
/// tests write files (a crashed run leaves that one folder).
enum ScratchSpace {
    /// The folder of this process, made on first use.
    static let root: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("xent-tests-\(getpid())-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchSpace.root) }
        return path
    }()

    /// A path inside ``root`` that nothing uses yet, named `prefix-UUID` (nothing is created).
    static func freshPath(_ prefix: String) -> String {
        (root as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    /// A new, empty folder inside ``root``.
    static func folder(_ prefix: String) -> String {
        let path = freshPath(prefix)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
