// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

var targets: [Target] = [
    .systemLibrary(
        name: "CLMDB",
        pkgConfig: "lmdb",
        providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]
    ),
    .systemLibrary(name: "COPXPrefetch"),
    .target(name: "OPXStorage", dependencies: [
        "CLMDB",
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXEvents"),
    .target(name: "OPXEventLog", dependencies: [
        "OPXStorage", "OPXEvents",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXProjections", dependencies: [
        "COPXPrefetch", "OPXEventLog", "OPXEvents", "OPXStorage",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXRuntime", dependencies: [
        "OPXEventLog", "OPXEvents", "OPXProjections", "OPXStorage",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXExport", dependencies: [
        "OPXEventLog", "OPXEvents", "OPXProjections", "OPXStorage",
        .product(name: "Crypto", package: "swift-crypto"),
    ]),
    .target(name: "OPXIngest", dependencies: [
        "OPXEventLog", "OPXEvents", "OPXStorage",
        .product(name: "Crypto", package: "swift-crypto"),
    ]),
    .target(name: "OPXTesting", dependencies: [
        "OPXStorage", "OPXEvents", "OPXEventLog",
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXServer", dependencies: [
        "OPXEventLog", "OPXEvents", "OPXExport", "OPXIngest", "OPXProjections", "OPXStorage",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .executableTarget(name: "opx", dependencies: [
        "OPXStorage", "OPXEvents", "OPXEventLog", "OPXProjections", "OPXExport", "OPXIngest", "OPXRuntime",
        "OPXServer",
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .executableTarget(name: "opx-bench", dependencies: ["OPXStorage", "OPXEvents", "OPXEventLog"], path: "Tools/bench/opx-bench"),
    .executableTarget(name: "opx-bench-projections", dependencies: ["OPXStorage", "OPXEvents", "OPXEventLog", "OPXProjections", .product(name: "Logging", package: "swift-log")], path: "Tools/bench/projections/Sources"),
    .executableTarget(name: "opx-bench-investigations", dependencies: ["OPXStorage", "OPXEvents", "OPXEventLog", "OPXRuntime", .product(name: "Logging", package: "swift-log")], path: "Tools/bench/investigations/Sources"),
    .executableTarget(name: "opx-bench-agents", dependencies: ["OPXRuntime", "OPXProjections", "OPXEventLog", "OPXEvents", "OPXStorage", .product(name: "Logging", package: "swift-log")], path: "Tools/bench/agents/Sources"),
    .testTarget(name: "OPXStorageTests", dependencies: [
        "OPXStorage", "OPXTesting", .product(name: "Logging", package: "swift-log"),
    ]),
    .testTarget(name: "OPXEventsTests", dependencies: ["OPXEvents"], exclude: ["Fixtures"]),
    .testTarget(name: "OPXEventLogTests", dependencies: [
        "OPXEventLog", "OPXTesting",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .testTarget(name: "OPXProjectionsTests", dependencies: [
        "OPXProjections", "OPXTesting", .product(name: "Logging", package: "swift-log"),
    ], exclude: ["Fixtures"]),
    .testTarget(name: "OPXExportTests", dependencies: [
        "OPXExport", "OPXTesting", "OPXStorage", .product(name: "Logging", package: "swift-log"),
    ]),
    .testTarget(name: "OPXCLITests", dependencies: ["opx", "OPXTesting", "OPXEventLog", "OPXEvents", "OPXStorage",
                                                    .product(name: "Logging", package: "swift-log")]),
    .testTarget(name: "OPXIngestTests", dependencies: [
        "OPXIngest", "OPXTesting", .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
    ], exclude: ["Fixtures"]),
    .testTarget(name: "OPXRuntimeTests", dependencies: [
        "OPXRuntime", "OPXProjections", "OPXTesting", "OPXStorage", "OPXEventLog",
        .product(name: "Logging", package: "swift-log"),
    ], exclude: ["Agents"]),
    .testTarget(name: "OPXServerTests", dependencies: [
        "OPXServer", "OPXTesting", "OPXEventLog", "OPXEvents", "OPXProjections", "OPXStorage",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
    ]),
]

for index in targets.indices where targets[index].type != .system {
    targets[index].swiftSettings = (targets[index].swiftSettings ?? []) + swiftSettings
}

let package = Package(
    name: "opx",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "opx", targets: ["opx"])],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
