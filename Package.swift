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
        "OPXEventLog", "OPXEvents", "OPXStorage",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXRuntime", dependencies: [
        "OPXEventLog", "OPXEvents", "OPXProjections", "OPXStorage",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "OPXTesting", dependencies: [
        "OPXStorage", "OPXEvents", "OPXEventLog",
        .product(name: "Logging", package: "swift-log"),
    ]),
    .executableTarget(name: "opx", dependencies: [
        "OPXStorage", "OPXEvents", "OPXEventLog", "OPXProjections",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    .executableTarget(name: "opx-bench", dependencies: ["OPXStorage", "OPXEvents", "OPXEventLog"], path: "Tools/bench/opx-bench"),
    .executableTarget(name: "opx-bench-projections", dependencies: ["OPXStorage", "OPXEvents", "OPXEventLog", "OPXProjections", .product(name: "Logging", package: "swift-log")], path: "Tools/bench/projections/Sources"),
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
    ]),
    .testTarget(name: "OPXCLITests", dependencies: ["opx", "OPXTesting"]),
    .testTarget(name: "OPXRuntimeTests", dependencies: ["OPXRuntime", "OPXProjections", "OPXTesting", .product(name: "Logging", package: "swift-log")]),
]

for index in targets.indices where targets[index].type != .system {
    targets[index].swiftSettings = (targets[index].swiftSettings ?? []) + swiftSettings
}

let package = Package(
    name: "opx",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "opx", targets: ["opx"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
