/// Fuzzes the CSV and `.npy` readers (owned by the tensor-files work).
func fuzzTensorFiles(iterations: Int, seed: UInt64) {
    print("tensor-files harness: 0 of \(iterations) inputs run (harness in progress)")
}
