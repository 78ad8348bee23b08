/// Fuzzes the decompressor (owned by the compression work).
func fuzzDecompressor(iterations: Int, seed: UInt64) {
    print("decompress harness: 0 of \(iterations) inputs run (harness in progress)")
}
