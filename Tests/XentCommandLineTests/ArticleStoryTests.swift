import Testing
import XentInformationTheory
@testable import XentCommandLine

/// `xent demo --story`: the article's example computed with the library's arithmetic.
@Suite struct ArticleStoryTests {
    @Test func theStoryChoosesTheShorterCodeWithTheArticlesArithmetic() throws {
        let json = try ArticleStory.makeReport().json.text
        #expect(json.contains("\"chosen_code\":\"K1\""))
        let k1 = try ProbabilityDistribution(ArticleStory.k1), k2 = try ProbabilityDistribution(ArticleStory.k2)
        let average = (try crossEntropy(of: k1, under: k1).value + crossEntropy(of: k2, under: k1).value) / 2
        #expect(json.contains("\"value\":\(average)") || abs(average - 2.6350859067563506) < 1e-15)
        #expect(try crossEntropy(of: k1, under: k2) != crossEntropy(of: k2, under: k1))
        let text = try ArticleStory.run(json: false)
        #expect(text.contains("about 106 words"))
        #expect(text.contains("our own illustration"))
    }
}
