// The tensor-files harness: a seeded mutation loop over valid CSV and `.npy` inputs, fed to every reader of
// XentTensorIO. An input must decode to a value or throw a `TensorFileError`; a crash, a hang (one input taking more
// than a second) or an allocation larger than the input (a size believed from a header) is a failure.
import Foundation
import XentKernels
import XentTensorIO

/// Valid inputs the mutations start from: `.npy` files of every dtype, byte order, version and several ranks, and
/// CSV files with headers, comments, carriage returns and labels.
func tensorFileSeeds() -> [[UInt8]] {
    var seeds: [[UInt8]] = [
        NumPyFile.encode(Tensor<Float>(shape: [3, 4], elements: (0..<12).map { Float($0) * 0.25 - 1 })),
        NumPyFile.encode(Tensor<Double>(shape: [2, 3, 2], elements: (0..<12).map { Double($0) / 7 })),
        NumPyFile.encode(Tensor<Int32>(shape: [5], elements: [0, 1, 2, -100, 3])),
        NumPyFile.encode(Tensor<Int64>(shape: [2, 2], elements: [1, 0, 3, 2])),
        NumPyFile.encode(Tensor<Double>(shape: [], elements: [2.5])),
        NumPyFile.encode(Tensor<Float>(shape: [0, 3], elements: [])),
        Array("p0,p1,p2\n0.7,0.2,0.1\n0.1,0.8,0.1\n# comment\n0.3,0.3,0.4\n".utf8),
        Array("1.5e-3, -2.25 ,inf\r\n3,4,nan\r\n".utf8),
        Array("label\n2\n0\n1\n-100\n".utf8),
        Array("0.1\n0.9\n0.5\n".utf8),
        Array("1e308,4.9e-324,-0.0,12345678901234567890123\n".utf8),
    ]
    // Format 2.0 and 3.0 (a four-byte header length) and big-endian data.
    for (major, descr) in [(UInt8(2), "<f8"), (3, ">f4"), (1, ">i8"), (1, "=i4")] {
        let dictionary = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': (2, 2), }\n".utf8)
        var file = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0] as [UInt8]
        let n = dictionary.count
        file += major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
        let width = descr.hasSuffix("8") ? 8 : 4
        seeds.append(file + dictionary + (0..<(4 * width)).map { UInt8(truncatingIfNeeded: $0 &* 37) })
    }
    return seeds
}

/// Applies one random mutation.
func mutate(_ input: inout [UInt8], seeds: [[UInt8]], using rng: inout SplitMix64) {
    let interesting: [UInt8] = Array("0 9,\n\r#()-.eE'\":{}[]L".utf8) + [0x00, 0xFF, 0x93, 0x7F]
    let tokens = ["nan", "-inf", "1e999999", "-", "0x1p3", "1e", "--1", ".", "9223372036854775808",
                  String(repeating: "7", count: 400), "4294967296", "-1", "(", ")", ",", "((((((((((",
                  "True", "'<f4'", "'|b1'", "1152921504606846976", "L"]
    switch rng.next() % 12 {
    case 0 where !input.isEmpty:  // flip bits
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            input[Int(rng.next() % UInt64(input.count))] ^= 1 << UInt8(rng.next() % 8)
        }
    case 1 where !input.isEmpty:  // set an interesting byte
        input[Int(rng.next() % UInt64(input.count))] = interesting[Int(rng.next() % UInt64(interesting.count))]
    case 2:  // truncate
        input.removeLast(Int(rng.next() % UInt64(input.count + 1)))
    case 3:  // insert random bytes
        let at = Int(rng.next() % UInt64(input.count + 1))
        input.insert(contentsOf: (0..<(1 + rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
    case 4 where input.count > 1:  // delete a chunk
        let from = Int(rng.next() % UInt64(input.count))
        let to = min(input.count, from + 1 + Int(rng.next() % 32))
        input.removeSubrange(from..<to)
    case 5 where !input.isEmpty:  // duplicate a chunk
        let from = Int(rng.next() % UInt64(input.count))
        let to = min(input.count, from + 1 + Int(rng.next() % 64))
        input.insert(contentsOf: input[from..<to], at: Int(rng.next() % UInt64(input.count + 1)))
    case 6:  // insert a token
        let token = tokens[Int(rng.next() % UInt64(tokens.count))]
        input.insert(contentsOf: token.utf8, at: Int(rng.next() % UInt64(input.count + 1)))
    case 7:  // replace the shape with a hostile one
        let shapes = ["(1000000000000,)", "(4294967296, 4294967296)", "(-1, 3)", "(0, 99999999999999999999)",
                      "(" + String(repeating: "1, ", count: 70) + ")", "(2, 2, 0, 9223372036854775807)",
                      "(3,)", "()", "[2, 2]", "(2, 'a')", "(2L, 2L)", "(0,)"]
        replaceHeaderValue(&input, key: "'shape': ", with: shapes[Int(rng.next() % UInt64(shapes.count))])
    case 8:  // replace the dtype or the order
        let values = ["'<f2'", "'|b1'", "'>f8'", "'<i8'", "'=f4'", "'<u4'", "[('a', '<f4')]", "''", "'<f4", "3",
                      "'<c16'", "'O'"]
        if rng.next() % 2 == 0 {
            replaceHeaderValue(&input, key: "'descr': ", with: values[Int(rng.next() % UInt64(values.count))])
        } else {
            replaceHeaderValue(&input, key: "'fortran_order': ", with: rng.next() % 2 == 0 ? "True" : "1")
        }
    case 9 where input.count >= 12:  // rewrite the version or the header length
        if rng.next() % 2 == 0 {
            input[6] = UInt8(rng.next() % 5)
        } else {
            let length = [0, 1, 0xFFFF, 0xFFFF_FFFF, Int(rng.next() % 512)][Int(rng.next() % 5)]
            for i in 0..<4 { input[8 + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        }
    case 10:  // random bytes
        input = (0..<(rng.next() % 96)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if rng.next() % 2 == 0 { input = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0] + input }
    default:  // splice with another seed
        let other = seeds[Int(rng.next() % UInt64(seeds.count))]
        let cut = Int(rng.next() % UInt64(input.count + 1))
        let otherCut = Int(rng.next() % UInt64(other.count + 1))
        input = Array(input[..<cut]) + other[otherCut...]
    }
}

/// Replaces the value after `key` up to the next `, '` or `}` (a header field edit).
func replaceHeaderValue(_ input: inout [UInt8], key: String, with value: String) {
    let keyBytes = Array(key.utf8)
    guard input.count > keyBytes.count,
          let start = (0...(input.count - keyBytes.count)).first(where: { input[$0..<($0 + keyBytes.count)].elementsEqual(keyBytes) })
    else { return }
    let valueStart = start + keyBytes.count
    var end = valueStart
    var depth = 0
    while end < input.count {
        let byte = input[end]
        if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1 }
        if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { depth -= 1 }
        if depth <= 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") { if depth == 0 { break } }
        end += 1
        if depth < 0 { break }
    }
    input.replaceSubrange(valueStart..<end, with: Array(value.utf8))
}

/// What one input did.
enum FuzzOutcome {
    case decoded
    case rejected(String)
}

/// Feeds one input to the readers and checks the invariants of a success: the result holds no more elements than
/// the input has bytes (no allocation driven by a header), and writing it back and reading again gives the same
/// bytes. Returns a failure message when an invariant is broken.
func checkTensorFileInput(_ input: [UInt8], variant: UInt64) -> (FuzzOutcome, failure: String?) {
    let csvType = TensorScalarType.allCases[Int(variant % 4)]
    let header: CSVFile.HeaderLine = [.detect, .present, .absent][Int(variant / 4 % 3)]
    do throws(TensorFileError) {
        let tensor = try TensorFile.decode(input, csvScalarType: csvType, header: header)
        // The label path: integers or a typed error, never a trap on NaN, infinities or huge values.
        _ = try? tensor.integers()
        let isNumPy = input.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        let bytes = tensor.count * (isNumPy ? tensor.scalarType.byteCount : 1)
        if bytes > input.count {
            return (.decoded, "\(tensor.count) elements decoded from \(input.count) bytes")
        }
        let again: [UInt8]
        if isNumPy {
            let encoded = NumPyFile.encode(tensor)
            again = NumPyFile.encode(try NumPyFile.decode(encoded))
            if again != encoded { return (.decoded, ".npy round trip changed the bytes") }
        } else {
            let text = csvText(tensor)
            let reread = try TensorFile.decode(text, csvScalarType: csvType, header: .absent)
            if csvText(reread) != text { return (.decoded, "CSV round trip changed the text") }
        }
        return (.decoded, nil)
    } catch {
        let description = error.description
        if description.contains("\n") || description.hasSuffix(".") {
            return (.rejected(""), "error description is not one line: \(description)")
        }
        return (.rejected(errorKind(error)), nil)
    }
}

func csvText(_ tensor: AnyTensor) -> [UInt8] {
    switch tensor {
    case .float32(let t): return CSVFile.encode(TensorFile.matrixLayout(t))
    case .float64(let t): return CSVFile.encode(TensorFile.matrixLayout(t))
    case .int32(let t): return CSVFile.encode(TensorFile.matrixLayout(t))
    case .int64(let t): return CSVFile.encode(TensorFile.matrixLayout(t))
    }
}

func errorKind(_ error: TensorFileError) -> String {
    let text = "\(error)"
    switch error {
    case .cannotRead, .cannotWrite, .alreadyExists: return "io"
    case .emptyInput: return "empty"
    case .raggedRow: return "ragged"
    case .invalidNumber: return "number"
    case .notNumPy: return "magic"
    case .unsupportedVersion: return "version"
    case .truncatedHeader: return "truncated-header"
    case .malformedHeader: return "header"
    case .unsupportedDType: return "dtype"
    case .fortranOrder: return "fortran"
    case .invalidShape: return text.contains("overflow") ? "shape-overflow" : "shape"
    case .truncatedData: return "truncated-data"
    case .trailingBytes: return "trailing"
    case .notAnInteger: return "integer"
    }
}

/// Peak resident memory of this process in MiB.
func peakResidentMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
}

/// Fuzzes the CSV and `.npy` readers (owned by the tensor-files work).
func fuzzTensorFiles(iterations: Int, seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let seeds = tensorFileSeeds()
    let clock = ContinuousClock()
    let start = clock.now
    var decoded = 0
    var rejected: [String: Int] = [:]
    var slowest = Duration.zero
    var largest = 0
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("xent-fuzz-\(getpid()).bin").path
    defer { unlink(scratch) }

    for iteration in 0..<iterations {
        var input = seeds[Int(rng.next() % UInt64(seeds.count))]
        for _ in 0..<(1 + Int(rng.next() % 3)) { mutate(&input, seeds: seeds, using: &rng) }
        largest = max(largest, input.count)
        let variant = rng.next()
        let before = clock.now
        let (outcome, failure) = checkTensorFileInput(input, variant: variant)
        if iteration % 1000 == 0 {
            // The file path (pread straight into the result) on the same input.
            if FileManager.default.createFile(atPath: scratch, contents: Data(input)) {
                _ = try? TensorFile.read(contentsOf: scratch, csvScalarType: TensorScalarType.allCases[Int(variant % 4)])
            }
        }
        let elapsed = clock.now - before
        slowest = max(slowest, elapsed)
        if let failure {
            writeToStandardError("tensor-files harness: input \(iteration) (seed \(seed)): \(failure)\ninput bytes: \(input.map { String($0, radix: 16) }.joined(separator: " "))\n")
            exit(1)
        }
        if elapsed > .seconds(1) {
            writeToStandardError("tensor-files harness: input \(iteration) (seed \(seed)) took \(elapsed): a hang\n")
            exit(1)
        }
        switch outcome {
        case .decoded: decoded += 1
        case .rejected(let kind): rejected[kind, default: 0] += 1
        }
    }
    let seconds = Double((clock.now - start).components.seconds) + Double((clock.now - start).components.attoseconds) / 1e18
    let kinds = rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let slowestMs = Double(slowest.components.attoseconds) / 1e15 + Double(slowest.components.seconds) * 1000
    print("tensor-files harness: \(iterations) inputs, seed \(seed), \(decoded) decoded, \(iterations - decoded) rejected with a typed error (\(kinds)); 0 crashes, 0 hangs; slowest input \(String(format: "%.2f", slowestMs)) ms, largest input \(largest) bytes, peak RSS \(String(format: "%.1f", peakResidentMiB())) MiB, \(String(format: "%.1f", seconds)) s")
}
