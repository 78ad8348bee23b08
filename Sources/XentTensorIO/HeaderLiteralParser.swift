/// A parser of the Python literal subset `.npy` headers use: a dictionary with string keys whose values are strings,
/// `True`/`False`, integers, and tuples or lists of those.
struct HeaderLiteralParser {
    indirect enum Value {
        case string(String)
        case bool(Bool)
        case integer(String)
        case tuple([Value])
        case list([Value])
        case none

        /// The value as Python would print it (for messages).
        var text: String {
            switch self {
            case .string(let s): return "'\(s)'"
            case .bool(let b): return b ? "True" : "False"
            case .integer(let s): return s
            case .tuple(let items):
                return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
            case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
            case .none: return "None"
            }
        }
    }

    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func parseDictionary() throws(TensorFileError) -> [(String, Value)] {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var entries: [(String, Value)] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") { position += 1; break }
            guard case .string(let key) = try parseValue(depth: 1) else {
                throw .malformedHeader(reason: "a dictionary key is not a string")
            }
            skipSpace()
            try expect(UInt8(ascii: ":"))
            let value = try parseValue(depth: 1)
            entries.append((key, value))
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            break
        }
        skipSpace()
        guard position == bytes.count else {
            throw .malformedHeader(reason: "unexpected text after the dictionary at byte \(position)")
        }
        return entries
    }

    mutating func parseValue(depth: Int) throws(TensorFileError) -> Value {
        guard depth <= NumPyHeader.maximumNesting else {
            throw .malformedHeader(reason: "values nested more than \(NumPyHeader.maximumNesting) deep")
        }
        skipSpace()
        guard let first = peek() else { throw .malformedHeader(reason: "the header ends inside a value") }
        switch first {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            position += 1
            let start = position
            while let byte = peek(), byte != first {
                guard byte != UInt8(ascii: "\\"), byte != 0x0A else {
                    throw .malformedHeader(reason: "unsupported character in a string at byte \(position)")
                }
                position += 1
            }
            guard peek() == first else { throw .malformedHeader(reason: "a string is not closed") }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            position += 1
            return .string(text)
        case UInt8(ascii: "("), UInt8(ascii: "["):
            let close = first == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            position += 1
            var items: [Value] = []
            while true {
                skipSpace()
                if peek() == close { position += 1; break }
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(close)
                break
            }
            return first == UInt8(ascii: "(") ? .tuple(items) : .list(items)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            position += 1
            while let byte = peek(), DecimalText.isDigit(byte) { position += 1 }
            var text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if text.hasPrefix("+") { text.removeFirst() }
            guard text.contains(where: \.isNumber) else {
                throw .malformedHeader(reason: "a sign without digits at byte \(start)")
            }
            if peek() == UInt8(ascii: "L") { position += 1 }  // Python 2 long integers
            return .integer(text)
        default:
            for (word, value) in [("True", Value.bool(true)), ("False", .bool(false)), ("None", .none)]
            where hasPrefix(word) {
                position += word.utf8.count
                return value
            }
            throw .malformedHeader(reason: "unexpected character '\(Character(Unicode.Scalar(first)))' at byte \(position)")
        }
    }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { position += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(TensorFileError) {
        guard peek() == byte else {
            let found = peek().map { "'\(Character(Unicode.Scalar($0)))'" } ?? "the end of the header"
            throw .malformedHeader(reason: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(position), found \(found)")
        }
        position += 1
    }

    func hasPrefix(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count else { return false }
        for (i, byte) in utf8.enumerated() where bytes[position + i] != byte { return false }
        return true
    }
}
