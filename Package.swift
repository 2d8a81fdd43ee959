// swift-tools-version:6.1
import PackageDescription

/// One set of compiler settings for every target (Swift 6 language mode is the default
/// for tools-version 6.x; the upcoming features keep existentials explicit).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "perin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "perin", targets: ["perin"]),
        .executable(name: "perin-bench", targets: ["perin-bench"]),
        .library(name: "AgentGraph", targets: ["AgentGraph"]),
        .library(name: "ICalendar", targets: ["ICalendar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: Leaf modules: depend on no other module of ours.
        .target(name: "AgentGraph", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(name: "ICalendar", dependencies: ["CLibical"], swiftSettings: swiftSettings),
        /// The parser fuzz loop, shared by `perin-bench ical --fuzz-seconds` and the leak check.
        .target(name: "ICalendarFuzzing", dependencies: ["ICalendar"], swiftSettings: swiftSettings),
        /// A small binary with only libical and ICalendar in it, so valgrind can run it (it
        /// cannot load the full `perin-bench`).
        .executableTarget(name: "ical-leak-check", dependencies: ["ICalendarFuzzing"], swiftSettings: swiftSettings),
        .target(
            name: "LLM",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Domain and infrastructure.
        .target(
            name: "Storage",
            dependencies: [
                "AgentGraph",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Scheduling",
            dependencies: ["ICalendar", "Storage"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Integrations",
            dependencies: [
                "ICalendar", "LLM", "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Assistant",
            dependencies: [
                "AgentGraph", "LLM", "Integrations", "Scheduling", "Storage", "ICalendar",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Storage", "Assistant", "LLM", "Integrations", "ICalendar", "Scheduling",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables.
        .executableTarget(
            name: "perin",
            dependencies: [
                "Server", "Storage", "Assistant", "LLM",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), "Scheduling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "perin-bench",
            dependencies: [
                "Server", "Storage", "AgentGraph", "ICalendar", "ICalendarFuzzing", "Scheduling", "LLM", "PerinTesting", "Assistant",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test support and tests.
        .target(
            name: "PerinTesting",
            dependencies: [
                "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AgentGraphTests", dependencies: ["AgentGraph", "Storage", "PerinTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "ICalendarTests", dependencies: ["ICalendar"], resources: [.copy("Resources")], swiftSettings: swiftSettings),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "ICalendar", "PerinTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "PerinTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "PerinTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssistantTests",
            dependencies: [
                "Assistant", "Server", "Storage", "LLM", "PerinTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationsTests",
            dependencies: [
                "Integrations", "Storage", "PerinTesting", "Server", "ICalendar", "LLM",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DelegationTests",
            dependencies: [
                "Server", "Scheduling", "Storage", "ICalendar", "Integrations", "LLM", "PerinTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "PerinTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
