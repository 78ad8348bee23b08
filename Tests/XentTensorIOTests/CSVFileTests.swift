import Foundation
import Testing
import XentKernels
@testable import XentTensorIO

@Suite struct CSVFileTests {
    static func read<T: TensorFileScalar>(_ type: T.Type, _ text: String, header: CSVFile.HeaderLine = .detect)
        throws(TensorFileError) -> Matrix<T> {
        try CSVFile.readMatrix(type, from: Array(text.utf8), header: header)
    }

    static func error<T: TensorFileScalar>(_ type: T.Type, _ text: String) -> TensorFileError? {
        do {
            _ = try read(type, text)
            return nil
        } catch {
            return error
        }
    }

    @Test func decimalsRoundCorrectlyInBothPrecisions() throws {
        let expected = try #require(Fixtures.named("tensor-files/decimals.csv"))
        let path = Fixtures.path("tensor-files/decimals.csv")
        let doubles = try CSVFile.readMatrix(Double.self, contentsOf: path)
        let floats = try CSVFile.readMatrix(Float.self, contentsOf: path)
        #expect([doubles.rows, doubles.columns] == expected.shape)
        let reference64 = Fixtures.doubles(expected.float64)
        let reference32 = Fixtures.doubles(expected.float32)
        #expect(reference64.count == doubles.elements.count && reference32.count == floats.elements.count)
        #expect(doubles.elements.map(\.bitPattern) == reference64.map(\.bitPattern))
        #expect(floats.elements.map { Double($0).bitPattern } == reference32.map(\.bitPattern))
        // NumPy's own loadtxt agrees with the float64 values.
        let numpy = Fixtures.doubles(expected.numpy_float64)
        #expect(doubles.elements.map(\.bitPattern) == numpy.map(\.bitPattern))
    }

    @Test func headerCommentsCarriageReturnsAndBlanks() throws {
        let expected = try #require(Fixtures.named("tensor-files/header-comments.csv"))
        let m = try CSVFile.readMatrix(Double.self, contentsOf: Fixtures.path("tensor-files/header-comments.csv"))
        #expect([m.rows, m.columns] == expected.shape)
        #expect(m.elements == Fixtures.doubles(expected.float64))
    }

    @Test func integerLabels() throws {
        for file in ["tensor-files/labels.csv", "tensor-files/float-labels.csv"] {
            let expected = try #require(Fixtures.named(file))
            let m = try CSVFile.readMatrix(Int.self, contentsOf: Fixtures.path(file))
            #expect([m.rows, m.columns] == expected.shape)
            #expect(m.elements == expected.int64)
        }
        #expect(CSVFileTests.error(Int.self, "1\n2.5\n")
                == .invalidNumber(row: 2, line: 2, column: 1, text: "2.5", expected: "an integer"))
        #expect(CSVFileTests.error(Int32.self, "1\n3000000000\n")
                == .invalidNumber(row: 2, line: 2, column: 1, text: "3000000000", expected: "an integer (int32)"))
        #expect(try CSVFileTests.read(Int64.self, "-9223372036854775808\n9223372036854775807").elements
                == [.min, .max])
        #expect(CSVFileTests.error(Int64.self, "9223372036854775808") != nil)
    }

    @Test func raggedRowsNameTheRowAndLine() {
        #expect(CSVFileTests.error(Double.self, "# c\n1,2,3\n4,5,6\n\n7,8\n")
                == .raggedRow(row: 3, line: 5, columns: 2, expected: 3))
        #expect(CSVFileTests.error(Double.self, "1,2\n3,4,5\n") == .raggedRow(row: 2, line: 2, columns: 3, expected: 2))
        #expect(CSVFileTests.error(Double.self, "1,2\n3,4,5\n")?.description
                == "row 2 (line 2) has 3 columns, expected 2 like row 1")
    }

    @Test func badNumbersNameRowColumnAndText() {
        #expect(CSVFileTests.error(Double.self, "a,b\n1,2\n3,x\n")
                == .invalidNumber(row: 2, line: 3, column: 2, text: "x", expected: "a float64 number"))
        #expect(CSVFileTests.error(Float.self, "1,,3\n")
                == .invalidNumber(row: 1, line: 1, column: 2, text: "", expected: "a float32 number"))
        #expect(CSVFileTests.error(Double.self, "1,2e\n") != nil)
        #expect(CSVFileTests.error(Double.self, "1;2\n") != nil)
        #expect(CSVFileTests.error(Double.self, "0.5,abc\n")
                == .invalidNumber(row: 1, line: 1, column: 2, text: "abc", expected: "a float64 number"))
    }

    @Test func emptyInputIsAnError() {
        for text in ["", "\n\n", "# only a comment\n", "p0,p1\n", "\u{FEFF}"] {
            #expect(CSVFileTests.error(Double.self, text) == .emptyInput)
        }
    }

    @Test func headerPolicies() throws {
        #expect(try CSVFileTests.read(Double.self, "0,1\n2,3\n").rows == 2)
        #expect(try CSVFileTests.read(Double.self, "0,1\n2,3\n", header: .present).rows == 1)
        #expect(CSVFileTests.error(Double.self, "x,1\n2,3\n")
                == .invalidNumber(row: 1, line: 1, column: 1, text: "x", expected: "a float64 number"))
    }

    @Test func specialValues() throws {
        let m = try CSVFileTests.read(Double.self, "inf,-inf,nan,-0.0,1e400,1e-400,0x1p-2,.5,5.\n")
        #expect(m.elements[0] == .infinity && m.elements[1] == -.infinity && m.elements[2].isNaN)
        #expect(m.elements[3] == 0 && m.elements[3].sign == .minus)
        #expect(m.elements[4] == .infinity && m.elements[5] == 0)
        #expect(Array(m.elements[6...]) == [0.25, 0.5, 5])
    }

    @Test func writingThenReadingGivesTheSameBits() throws {
        var generator = SystemRandomNumberGenerator()
        let doubles = (0..<600).map { _ in Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1) }
        let floats = (0..<600).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()) & 0x7F7F_FFFF) }
        let m64 = Matrix(rows: 200, columns: 3, elements: doubles)
        let m32 = Matrix(rows: 100, columns: 6, elements: floats)
        #expect(try CSVFile.readMatrix(Double.self, from: CSVFile.encode(m64)).elements.map(\.bitPattern)
                == doubles.map(\.bitPattern))
        #expect(try CSVFile.readMatrix(Float.self, from: CSVFile.encode(m32)).elements.map(\.bitPattern)
                == floats.map(\.bitPattern))
    }
}
