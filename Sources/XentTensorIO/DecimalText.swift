/// Byte-level scanning of decimal numbers in CSV fields: the fast path of the CSV reader.
///
/// `scan` reads `[+-]digits[.digits][(e|E)[+-]digits]` with at most 19 significant digits into an integer mantissa
/// and a power of ten. The callers turn that into a correctly rounded value with one exact IEEE operation when both
/// operands are exact (Clinger's fast path), and hand everything else (long mantissas, large exponents, `inf`,
/// `nan`, hexadecimal) to the standard library's correctly rounded parser.
enum DecimalText {
    enum Scan {
        /// `value = ±mantissa × 10^exponent`.
        case decimal(negative: Bool, mantissa: UInt64, exponent: Int)
        /// Something the fast path does not handle; it may still be a number.
        case other
        /// Certainly not a number (empty, or a character no number contains).
        case invalid
    }

    static let powersOfTenDouble: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static let powersOfTenFloat: [Float] = (0...10).map { exponent in
        var value: Float = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    static func scan(_ field: UnsafeRawBufferPointer) -> Scan {
        let count = field.count
        guard count > 0 else { return .invalid }
        var i = 0
        var negative = false
        if field[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if field[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while i < count, isDigit(field[i]) {
            let digit = UInt64(field[i] &- 0x30)
            sawDigit = true
            if mantissa != 0 || digit != 0 {
                guard significant < 19 else { return .other }
                mantissa = mantissa &* 10 &+ digit
                significant += 1
            }
            i += 1
        }
        if i < count, field[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, isDigit(field[i]) {
                let digit = UInt64(field[i] &- 0x30)
                sawDigit = true
                if mantissa != 0 || digit != 0 {
                    guard significant < 19 else { return .other }
                    mantissa = mantissa &* 10 &+ digit
                    significant += 1
                }
                exponent -= 1
                i += 1
            }
        }
        guard sawDigit else { return i == count ? .invalid : .other }
        if i < count, field[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < count, field[i] == UInt8(ascii: "-") { exponentNegative = true; i += 1 }
            else if i < count, field[i] == UInt8(ascii: "+") { i += 1 }
            guard i < count, isDigit(field[i]) else { return .invalid }
            var value = 0
            while i < count, isDigit(field[i]) {
                if value < 1_000_000 { value = value * 10 + Int(field[i] &- 0x30) }
                i += 1
            }
            exponent += exponentNegative ? -value : value
        }
        guard i == count else { return .other }
        return .decimal(negative: negative, mantissa: mantissa, exponent: exponent)
    }

    /// The field as a `String`, for the standard library's parsers (the slow path, and error messages).
    static func string(_ field: UnsafeRawBufferPointer) -> String {
        String(decoding: field, as: UTF8.self)
    }

    /// An integer: `[+-]digits`, or decimal text of an integral value that fits `Int64` (`3.0`, `2e1`).
    static func integer(_ field: UnsafeRawBufferPointer) -> Int64? {
        let count = field.count
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if field[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if field[0] == UInt8(ascii: "+") { i = 1 }
        var magnitude: UInt64 = 0
        var sawDigit = false
        var overflow = false
        while i < count, isDigit(field[i]) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(field[i] &- 0x30))
            overflow = overflow || o1 || o2
            magnitude = sum
            sawDigit = true
            i += 1
        }
        if i == count, sawDigit, !overflow {
            if negative {
                return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
            }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }
        // Integral decimal text such as "3.0" or "1e2" (what numpy.savetxt writes for float labels).
        guard let value = Double.parseCSVField(field), value.isFinite, value == value.rounded(),
              value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return nil }
        return Int64(value)
    }
}
