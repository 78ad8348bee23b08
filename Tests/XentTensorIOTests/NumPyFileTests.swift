import Foundation
import Testing
import XentKernels
@testable import XentTensorIO

@Suite struct NumPyFileTests {
    static let npyCases = Fixtures.cases.filter { $0.kind == "npy" && $0.fortran == false }

    @Test func fixturesAreLoaded() {
        #expect(NumPyFileTests.npyCases.count >= 12)
    }

    @Test(arguments: npyCases)
    func readsWhatNumPyWrote(expected: TensorFileFixture) throws {
        let tensor = try NumPyFile.read(contentsOf: Fixtures.path(expected.file))
        #expect(tensor.shape == expected.shape)
        #expect(tensor.scalarType.rawValue == expected.dtype)
        let values = Fixtures.doubles(expected.values)
        #expect(values.count == tensor.count)
        switch tensor {
        case .float32(let t):
            #expect(t.elements.map { Double($0).bitPattern } == values.map(\.bitPattern))
        case .float64(let t):
            #expect(t.elements.map(\.bitPattern) == values.map(\.bitPattern))
        case .int32(let t):
            #expect(t.elements.map { Double($0) } == values)
        case .int64(let t):
            #expect(t.elements.map { Double($0) } == values)
        }
        // The same bytes decoded from memory give the same tensor.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path(expected.file))))
        #expect(try NumPyFile.decode(bytes).shape == tensor.shape)
    }

    @Test func fortranOrderIsRefusedWhenItChangesTheLayout() throws {
        #expect(throws: TensorFileError.fortranOrder(shape: [2, 3])) {
            try NumPyFile.read(contentsOf: Fixtures.path("tensor-files/f8-fortran.npy"))
        }
        // One axis longer than 1: both orders lay the data out the same, so it reads.
        let column = try NumPyFile.read(contentsOf: Fixtures.path("tensor-files/f8-fortran-column.npy"))
        #expect(column == .float64(Tensor(shape: [4, 1], elements: [0, 1, 2, 3])))
    }

    @Test func roundTripsEveryTypeAndRank() throws {
        let tensors: [AnyTensor] = [
            .float32(Tensor(shape: [2, 3], elements: [1, -2.5, .infinity, 0, -0.0, .leastNonzeroMagnitude])),
            .float64(Tensor(shape: [], elements: [0.1])),
            .float64(Tensor(shape: [2, 1, 2], elements: [1, 2, 3, 4])),
            .int32(Tensor(shape: [3], elements: [-100, 0, 7])),
            .int64(Tensor(shape: [0, 4], elements: [])),
        ]
        for tensor in tensors {
            let bytes = NumPyFile.encode(tensor)
            #expect(try NumPyFile.decode(bytes) == tensor)
            let header = try bytes.withUnsafeBytes { (buffer) throws(TensorFileError) in try NumPyHeader(parsing: buffer) }
            #expect(header.dataOffset % 64 == 0)
        }
    }

    @Test func headerIsWhatNumPyWrites() {
        let bytes = NumPyFile.header(scalarType: .float32, shape: [3])
        let text = String(decoding: bytes[10...], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
        #expect(text.hasSuffix(" \n"))
        #expect(bytes.count == 128 || bytes.count == 64)
    }

    /// A valid file with the dictionary text replaced (the length field recomputed).
    static func file(dictionary: String, data: [UInt8] = [], major: UInt8 = 1) -> [UInt8] {
        let text = Array(dictionary.utf8) + [0x0A]
        var out: [UInt8] = NumPyHeader.magic + [major, 0]
        if major == 1 {
            out += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            out += [UInt8(text.count & 0xFF), UInt8(text.count >> 8 & 0xFF), 0, 0]
        }
        return out + text + data
    }

    static func error(of bytes: [UInt8]) -> TensorFileError? {
        do {
            _ = try NumPyFile.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedFilesGiveTypedErrors() {
        let good = NumPyFile.encode(Tensor<Float>(shape: [2, 2], elements: [1, 2, 3, 4]))
        #expect(NumPyFileTests.error(of: []) == .truncatedHeader(needed: 10, available: 0))
        #expect(NumPyFileTests.error(of: Array("a,b\n1,2\n".utf8)) == .notNumPy)
        #expect(NumPyFileTests.error(of: Array(good.prefix(9))) == .truncatedHeader(needed: 10, available: 9))
        #expect(NumPyFileTests.error(of: Array(good.prefix(40))) == .truncatedHeader(needed: 128, available: 40))
        #expect(NumPyFileTests.error(of: Array(good.dropLast(3)))
                == .truncatedData(shape: [2, 2], dtype: "float32", needed: 16, available: 13))
        #expect(NumPyFileTests.error(of: good + [0]) == .trailingBytes(shape: [2, 2], dtype: "float32", count: 1))
        var version = good
        version[6] = 4
        #expect(NumPyFileTests.error(of: version) == .unsupportedVersion(major: 4, minor: 0))
    }

    @Test func headerFieldsAreChecked() throws {
        func error(_ dictionary: String, data: [UInt8] = []) -> TensorFileError? {
            NumPyFileTests.error(of: NumPyFileTests.file(dictionary: dictionary, data: data))
        }
        #expect(error("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }") == .unsupportedDType(descr: "<f2"))
        #expect(error("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }") == .unsupportedDType(descr: "|b1"))
        #expect(error("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")
                == .unsupportedDType(descr: "[('a', '<f4')]"))
        #expect(error("{'descr': '<f4', 'shape': (1,), }") == .malformedHeader(reason: "the key 'fortran_order' is missing"))
        #expect(error("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")
                == .invalidShape(text: "(-1,)", reason: "size -1 is negative"))
        #expect(error("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }")
                == .invalidShape(text: "(99999999999999999999,)", reason: "size 99999999999999999999 does not fit a 64-bit integer"))
        #expect(error("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }")
                == .invalidShape(text: "(4294967296, 4294967296)", reason: "the number of elements overflows a 64-bit integer"))
        #expect(error("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,), }")
                == .invalidShape(text: "(1152921504606846976,)", reason: "the number of bytes overflows a 64-bit integer"))
        // A huge shape whose data is absent: refused from the sizes, before any allocation.
        #expect(error("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }")
                == .truncatedData(shape: [1_000_000_000_000], dtype: "float32", needed: 4_000_000_000_000, available: 0))
        #expect(error("{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((1,),),),),),),),),),), }")
                == .malformedHeader(reason: "values nested more than 8 deep"))
        #expect(error("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}")
                == .malformedHeader(reason: "unexpected key 'extra': expected only 'descr', 'fortran_order' and 'shape'"))
        #expect(error("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)") != nil)
        // Python 2 long integers and double quotes are read.
        let legacy = NumPyFileTests.file(dictionary: "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2L,)}",
                                         data: [1, 0, 0, 0, 2, 0, 0, 0])
        #expect(try NumPyFile.decode(legacy) == .int32(Tensor(shape: [2], elements: [1, 2])))
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [TensorFileError] = [
            .malformedHeader(reason: "bad\nline"), .invalidNumber(row: 1, line: 2, column: 3, text: "a\rb", expected: "x"),
            .truncatedData(shape: [2], dtype: "float32", needed: 8, available: 4), .notNumPy,
        ]
        for error in errors {
            #expect(!error.description.contains("\n") && !error.description.contains("\r"))
            #expect(!error.description.hasSuffix("."))
        }
    }
}
