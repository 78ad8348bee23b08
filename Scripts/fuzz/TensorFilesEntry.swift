// libFuzzer entry point for the tensor-file readers, built by Scripts/fuzz/tensor-files.sh together with the
// sources of XentTensorIO (and the Matrix/Tensor types) as one module. Every input must decode or throw a
// TensorFileError; libFuzzer with AddressSanitizer reports crashes, leaks, timeouts and large allocations.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func tensorFilesFuzzTest(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let selector = count > 0 ? bytes[count - 1] : 0
    let type = TensorScalarType.allCases[Int(selector % 4)]
    let header: CSVFile.HeaderLine = [.detect, .present, .absent][Int(selector / 4 % 3)]
    if let tensor = try? TensorFile.decode(bytes, csvScalarType: type, header: header) {
        let itemSize = TensorFile.format(of: bytes) == .npy ? tensor.scalarType.byteCount : 1
        if tensor.count * itemSize > count {
            print("\(tensor.count) elements decoded from \(count) bytes")
            abort()  // the harness's failure signal
        }
    }
    return 0
}
