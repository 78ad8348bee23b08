import Testing
@testable import XentCommandLine

@Suite struct JSONOutputTests {
    @Test func nonFiniteNumbersAreStrings() {
        let v = JSONValue.object([("value", .number(.infinity)), ("unit", .string("bits")), ("x", .number(-.infinity)),
                                  ("y", .number(.nan)), ("z", .number(0.25)), ("n", .number(3))])
        #expect(v.text == #"{"value":"inf","unit":"bits","x":"-inf","y":"nan","z":0.25,"n":3}"#)
    }

    @Test func stringsAreEscaped() {
        #expect(JSONValue.string("a\"b\\\n").text == #""a\"b\\\n""#)
    }
}
