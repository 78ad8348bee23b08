// xent-fuzz: seeded mutation loops over Xent's parsers of untrusted input.
// Usage: xent-fuzz TARGET [ITERATIONS] [SEED]; TARGET is tensor-files, decompress (format-1 containers) or stream (format-2 streams).
// Each harness feeds mutated inputs to a parser and checks that it returns a value or a typed error:
// a crash, a hang or an unbounded allocation is a failure.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let target = arguments.first ?? ""
let iterations = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let seed = arguments.dropFirst(2).first.flatMap { UInt64($0) } ?? 1

switch target {
case "tensor-files":
    fuzzTensorFiles(iterations: iterations, seed: seed)
case "decompress":
    fuzzDecompressor(iterations: iterations, seed: seed)
case "stream":
    fuzzStreams(iterations: iterations, seed: seed)
default:
    writeToStandardError("usage: xent-fuzz tensor-files|decompress|stream [ITERATIONS] [SEED]\n")
    exit(64)
}
