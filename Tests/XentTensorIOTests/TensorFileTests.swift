import Foundation
import Testing
import XentKernels
@testable import XentTensorIO

@Suite struct TensorFileTests {
    @Test func formatIsToldByContent() throws {
        let csv = try TensorFile.read(contentsOf: Fixtures.path("tensor-files/labels.csv"), csvScalarType: .int64)
        #expect(csv.scalarType == .int64 && csv.shape == [6, 1])
        let npy = try TensorFile.read(contentsOf: Fixtures.path("tensor-files/f4-3d.npy"), csvScalarType: .int64)
        #expect(npy.scalarType == .float32 && npy.shape == [2, 3, 4])
    }

    @Test func writesByExtensionAndReadsBack() throws {
        let tensor = AnyTensor.float32(Tensor(shape: [2, 2, 2], elements: [1, 2, 3, 4, 5, 6, 7, 0.1]))
        let npyPath = Fixtures.temporaryPath("g.npy")
        let csvPath = Fixtures.temporaryPath("g.csv")
        defer {
            try? FileManager.default.removeItem(atPath: npyPath)
            try? FileManager.default.removeItem(atPath: csvPath)
        }
        try TensorFile.write(tensor, to: npyPath)
        #expect(try TensorFile.read(contentsOf: npyPath) == tensor)
        try TensorFile.write(tensor, to: csvPath)
        let text = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(text == "1.0,2.0,3.0,4.0\n5.0,6.0,7.0,0.1\n")
        #expect(try TensorFile.read(contentsOf: csvPath, csvScalarType: .float32)
                == .float32(Tensor(shape: [2, 4], elements: [1, 2, 3, 4, 5, 6, 7, 0.1])))
    }

    @Test func missingFileAndDirectoryAreReadErrors() {
        #expect(throws: TensorFileError.cannotRead(path: "/nonexistent/x.npy", reason: "No such file or directory")) {
            try TensorFile.read(contentsOf: "/nonexistent/x.npy")
        }
        #expect(throws: TensorFileError.cannotRead(path: "/tmp", reason: "it is a directory")) {
            try TensorFile.read(contentsOf: "/tmp")
        }
        #expect(throws: TensorFileError.self) {
            try TensorFile.write(.int32(Tensor(shape: [1], elements: [1])), to: "/nonexistent/dir/x.npy")
        }
    }

    @Test func labelsFromFloatTensorsMustBeIntegral() throws {
        #expect(try AnyTensor.float64(Tensor(shape: [3], elements: [0, 2, -100])).integers().elements == [0, 2, -100])
        #expect(throws: TensorFileError.notAnInteger(index: 1, value: "0.5")) {
            try AnyTensor.float32(Tensor(shape: [2], elements: [1, 0.5])).integers()
        }
        #expect(throws: TensorFileError.notAnInteger(index: 0, value: "nan")) {
            try AnyTensor.float64(Tensor(shape: [1], elements: [.nan])).integers()
        }
    }

    @Test func conversionsBetweenFloatingPointTypes() {
        let t = AnyTensor.int32(Tensor(shape: [2], elements: [3, -4]))
        #expect(t.converted(to: Double.self).elements == [3, -4])
        let f = AnyTensor.float32(Tensor(shape: [1], elements: [0.1]))
        #expect(f.converted(to: Double.self).elements == [Double(Float(0.1))])
        #expect(f.converted(to: Float.self).elements == [0.1])
    }
}
