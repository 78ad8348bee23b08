import Testing
import XentKernels

@Suite struct MatrixTests {
    @Test func rowMajorLayout() {
        let m = Matrix(rows: 2, columns: 3, elements: [1.0, 2, 3, 4, 5, 6])
        #expect(m[1, 0] == 4)
        #expect(m.row(0) == [1, 2, 3])
        #expect(m.rowArrays == [[1, 2, 3], [4, 5, 6]])
    }

    @Test func validationRejectsBadSizes() {
        #expect(Matrix<Double>(validatingRows: 2, columns: 2, elements: [1, 2, 3]) == nil)
        #expect(Matrix<Double>(validatingRows: -1, columns: -1, elements: [1]) == nil)
        #expect(Matrix<Double>(rowArrays: [[1, 2], [3]]) == nil)
        #expect(Tensor<Double>(validatingShape: [2, -1], elements: []) == nil)
        #expect(Tensor<Double>(validatingShape: [Int.max, 3], elements: []) == nil)
        #expect(Tensor(validatingShape: [2, 1, 2], elements: [1.0, 2, 3, 4])?.rank == 3)
    }
}
