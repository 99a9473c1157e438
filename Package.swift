// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "JoinAudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "joinaudit", targets: ["joinaudit"]),
        .library(name: "JoinAuditCore", targets: ["JoinAuditCore"]),
        .library(name: "JoinAuditIO", targets: ["JoinAuditIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The C boundary: nothing but these four shims imports C.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // ISA-L decodes the deflate data of gzip'd logs, twice as fast as zlib here
        // (docs/performance.md); zlib still writes gzip and checks short CRCs.
        .systemLibrary(name: "CIsal", path: "Sources/CIsal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // The JSON parser's scan over a string's plain bytes, 16 at a time (header only).
        .systemLibrary(name: "CJSONScan", path: "Sources/CJSONScan"),
        // The domain: events, policy, evaluator, replay. Standard library only, no I/O.
        .target(name: "JoinAuditCore"),
        // The edges: reading, parsing, storing, reporting.
        .target(
            name: "JoinAuditIO",
            dependencies: [
                "JoinAuditCore", "CZlib", "CIsal", "CSQLite", "CJSONScan",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "joinaudit",
            dependencies: [
                "JoinAuditIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release links the Swift runtime and Foundation in, so only the code it uses is
            // resident: 4.5 MB less peak RSS, the same speed (docs/performance.md). It
            // allocates with jemalloc, linked as a shared library so that it replaces malloc
            // for SQLite and libc too (the static runtime's link hides an archive's symbols):
            // events are allocated on one thread and freed on another, which glibc's malloc
            // does 8–15 % slower (docs/performance.md).
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-lCoreFoundation", "-l_FoundationICU", "-lFoundation", "-lFoundationEssentials", "-lFoundationInternationalization", "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftDispatch", "-ldispatch", "-lBlocksRuntime", "-lswiftSynchronization", "-lswift_Concurrency", "-lswift_StringProcessing", "-lswift_RegexParser", "-lswiftGlibc", "-lswiftCore", "-Xlinker", "--end-group", "-lstdc++", "-ljemalloc"], .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "JoinAuditCoreTests", dependencies: ["JoinAuditCore"]),
        .testTarget(
            name: "JoinAuditIOTests",
            dependencies: ["JoinAuditIO", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        // Runs the built `joinaudit` binary as a user would: exit statuses, stdout, stderr.
        .testTarget(
            name: "JoinAuditCLITests",
            dependencies: ["joinaudit", "JoinAuditIO"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
