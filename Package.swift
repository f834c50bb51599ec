// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "oversub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "oversub", targets: ["oversub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // libnuma, from Debian's libnuma-dev.
        .systemLibrary(
            name: "CNuma",
            pkgConfig: "numa",
            providers: [.apt(["libnuma-dev"])]
        ),
        // What Swift cannot import directly: CPU_* macros, gettid, affinity, futex.
        // _GNU_SOURCE is defined for the .c file only; the header must not define it.
        .target(
            name: "CLinux",
            cSettings: [.define("_GNU_SOURCE")],
            // zlib (Debian's zlib1g-dev) reads /proc/config.gz.
            linkerSettings: [.linkedLibrary("z")]
        ),
        // The C reference of the `spin` kernel, used by the benchmark to check the Swift kernel.
        .target(
            name: "CSpinReference",
            cSettings: [.define("_GNU_SOURCE")]
        ),
        .target(
            name: "OversubCore",
            dependencies: [
                "CLinux", "CNuma",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "OversubAnalysis", dependencies: ["OversubCore"]),
        .target(name: "OversubReport", dependencies: ["OversubCore", "OversubAnalysis"]),
        .executableTarget(
            name: "oversub",
            dependencies: [
                "OversubCore", "OversubAnalysis", "OversubReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "oversub-bench",
            dependencies: ["OversubCore", "CSpinReference", "CLinux"]
        ),
        // What tests share: how busy other processes kept the machine while a test ran.
        .target(name: "OversubTestSupport", dependencies: ["OversubCore"]),
        .testTarget(name: "OversubCoreTests", dependencies: ["OversubCore", "CLinux", "CNuma", "OversubTestSupport"]),
        .testTarget(name: "OversubAnalysisTests", dependencies: ["OversubAnalysis"]),
        .testTarget(name: "OversubReportTests", dependencies: ["OversubReport"]),
        .testTarget(name: "OversubCLITests", dependencies: ["oversub", "OversubTestSupport", .product(name: "Yams", package: "Yams")]),
        // Seeded fuzzing of the command line, profiles and result files (in process), and of the
        // binary with arguments it must refuse.
        .testTarget(name: "OversubFuzzTests", dependencies: [
            "oversub", "OversubCore", "OversubAnalysis", "OversubReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)
