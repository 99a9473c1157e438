// swift-tools-version:6.1
// libFuzzer targets for JoinAudit's parsers of untrusted bytes: the join-log line parser, the
// gzip/line reader (raw bytes, and structure-aware: real members then damaged) and the policy
// file loader. A package apart (like Benchmarks/) so the
// sanitizer build never touches the product's own build. Build and run with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "JoinAuditFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "JoinAudit", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzLineParser",
            dependencies: [.product(name: "JoinAuditIO", package: "JoinAudit")]),
        .executableTarget(
            name: "FuzzGzipReader",
            dependencies: [.product(name: "JoinAuditIO", package: "JoinAudit")]),
        .executableTarget(
            name: "FuzzGzipMembers",
            dependencies: [.product(name: "JoinAuditIO", package: "JoinAudit")]),
        .executableTarget(
            name: "FuzzPolicyLoader",
            dependencies: [.product(name: "JoinAuditIO", package: "JoinAudit")]),
    ]
)
