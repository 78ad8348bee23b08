// swift-tools-version: 6.1
// Benchmarks of Xent's kernels with ordo-one/benchmark, in a package of their own so that `swift test` on the
// main package never builds them. Run from this directory:
//   swift package benchmark --target KernelBenchmarks
// (`xent bench` measures the same kernels against the memory-copy bound; see Guides/Performance.md.)
import PackageDescription

let package = Package(
    name: "XentBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Xent", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "XentKernels", package: "Xent"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
