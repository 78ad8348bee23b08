// swift-tools-version: 6.1
// Xent: entropy, cross-entropy and the classification losses of deep learning.
//
// One target per layer (see Guides/Architecture.md); arrows point down only, and each arrow is an import:
//   XentCommandLine (the `xent` executable) -> every library layer below, ArgumentParser
//   XentFuzz (the `xent-fuzz` executable)   -> XentCompression, XentTensorIO, XentKernels
//   Xent (umbrella library)                 -> `@_exported import` of every library layer below
//   XentTraining          -> XentLosses, XentKernels, XentKernelsC, RealModule
//   XentCompression          (imports no other layer: own models, mixer, arithmetic coder and container)
//   XentCoding            -> XentInformationTheory, XentKernels
//   XentLosses            -> XentKernels, XentKernelsC (the fused linear + cross-entropy), RealModule
//   XentInformationTheory -> XentKernels, RealModule
//   XentTensorIO          -> XentKernels (CSV / .npy readers and writers)
//   XentKernels           -> XentKernelsC (SIMD math, compensated sums, Matrix/Tensor value types; C hot loops)
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Xent",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Xent", targets: ["Xent"]),
        .library(name: "XentKernels", targets: ["XentKernels"]),
        .library(name: "XentTensorIO", targets: ["XentTensorIO"]),
        .library(name: "XentInformationTheory", targets: ["XentInformationTheory"]),
        .library(name: "XentLosses", targets: ["XentLosses"]),
        .library(name: "XentCoding", targets: ["XentCoding"]),
        .library(name: "XentCompression", targets: ["XentCompression"]),
        .library(name: "XentTraining", targets: ["XentTraining"]),
        .executable(name: "xent", targets: ["XentCommandLine"]),
        .executable(name: "xent-fuzz", targets: ["XentFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // `swift package generate-documentation --target <Module>` (the catalogs are Sources/<Module>/<Module>.docc)
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Kernels (lowest layer)
        .target(
            name: "XentKernels",
            dependencies: ["XentKernelsC"],
            swiftSettings: strict
        ),
        // The hot loops in C: one build carries SSE2, AVX2+FMA and AVX-512 clones picked at load time
        // (Guides/Performance.md has the measurements behind this choice).
        .target(name: "XentKernelsC"),
        .testTarget(name: "XentKernelsTests", dependencies: ["XentKernels", "XentKernelsC"], swiftSettings: strict),

        // MARK: Tensor files (CSV, .npy)
        .target(name: "XentTensorIO", dependencies: ["XentKernels"], swiftSettings: strict),
        .testTarget(name: "XentTensorIOTests", dependencies: ["XentTensorIO", "XentKernels"], swiftSettings: strict),

        // MARK: Information theory
        .target(
            name: "XentInformationTheory",
            dependencies: ["XentKernels", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentInformationTheoryTests",
            dependencies: ["XentInformationTheory", "XentKernels"],
            swiftSettings: strict
        ),

        // MARK: Losses
        .target(
            name: "XentLosses",
            dependencies: ["XentKernels", "XentKernelsC", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentLossesTests",
            dependencies: ["XentLosses", "XentKernels", "XentKernelsC"],
            swiftSettings: strict
        ),

        // MARK: Coding
        .target(
            name: "XentCoding",
            dependencies: ["XentKernels", "XentInformationTheory"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentCodingTests",
            dependencies: ["XentCoding", "XentKernels"],
            swiftSettings: strict
        ),

        // MARK: Compression (container, context-mixing models, binary arithmetic coder; self-contained: it imports
        // no other layer, and the mixer derives its own log-loss gradient)
        .target(name: "XentCompressionC"),
        .target(
            name: "XentCompression",
            dependencies: ["XentCompressionC"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentCompressionTests",
            dependencies: ["XentCompression", "XentCompressionC", "XentKernels", "XentInformationTheory"],
            swiftSettings: strict),

        // MARK: Training
        .target(
            name: "XentTraining",
            dependencies: ["XentKernels", "XentKernelsC", "XentLosses", .product(name: "RealModule", package: "swift-numerics")],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentTrainingTests", dependencies: ["XentTraining", "XentKernels", "XentKernelsC"],
            swiftSettings: strict),

        // MARK: Umbrella
        .target(
            name: "Xent",
            dependencies: [
                "XentKernels", "XentTensorIO", "XentInformationTheory", "XentLosses", "XentCoding", "XentCompression",
                "XentTraining",
            ],
            swiftSettings: strict
        ),

        // MARK: Command line
        .executableTarget(
            name: "XentCommandLine",
            dependencies: [
                "XentKernels", "XentTensorIO", "XentInformationTheory", "XentLosses", "XentCoding",
                "XentCompression", "XentTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "XentCommandLineTests",
            dependencies: [
                "XentCommandLine", "XentKernels", "XentTensorIO", "XentInformationTheory", "XentTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // MARK: Fuzzing (seeded mutation loops over the parsers; `swift run -c release xent-fuzz --help`)
        .executableTarget(
            name: "XentFuzz",
            dependencies: ["XentKernels", "XentTensorIO", "XentCompression"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
