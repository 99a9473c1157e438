// swift-tools-version:6.1
// The performance measurements of JoinAudit, apart from the product so that building and
// testing JoinAudit never builds the benchmark harness. Run from this folder:
//   swift package benchmark            (all)      swift package benchmark --filter analyze
import PackageDescription

let package = Package(
    name: "JoinAuditBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "JoinAudit", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "JoinAuditBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JoinAuditIO", package: "JoinAudit"),
                .product(name: "JoinAuditCore", package: "JoinAudit"),
            ],
            path: "Benchmarks/JoinAuditBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
