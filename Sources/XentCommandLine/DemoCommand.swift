import ArgumentParser

/// `xent demo`: the article's story end to end on a built-in example.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The article's story: two experiment variants, entropy, cross-entropy and which code to choose.",
        discussion: """
            Two variants K1 and K2 of an experiment with six outcomes (a built-in example: the article's figures \
            are images): their entropies, the cross-entropies both ways (not symmetric), the average length of \
            each variant's code over both, which single code to choose, and how many words a 280-bit message \
            then carries.

            Examples:
              xent demo
              xent demo --json
            """
    )

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        printLine(try ArticleStory.run(json: json))
    }
}
