import Foundation
import OversubCore

/// The fuzz suite's only source of randomness: SplitMix64 from OversubCore, seeded from
/// `OVERSUB_FUZZ_SEED` (default 1), so a failing run is replayed by setting the seed it printed.
struct FuzzRandom {
    static let defaultSeed: UInt64 = 1

    /// The seed of this run: `OVERSUB_FUZZ_SEED` when it is a whole number, else the default.
    static let seed: UInt64 = {
        guard let text = ProcessInfo.processInfo.environment["OVERSUB_FUZZ_SEED"], let value = UInt64(text) else {
            return defaultSeed
        }
        return value
    }()

    private var generator: SplitMix64

    /// A stream for one part of the suite: parts do not share a stream, so adding inputs to one
    /// part leaves the inputs of the others as they were for the same seed.
    init(part: String, seed: UInt64 = FuzzRandom.seed) {
        var mixed = seed
        for byte in part.utf8 { mixed = (mixed ^ UInt64(byte)) &* 0x100_0000_01B3 }
        generator = SplitMix64(seed: mixed)
    }

    mutating func below(_ bound: Int) -> Int { generator.below(bound) }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        if span == UInt64.max { return Int(bitPattern: UInt(generator.next())) }
        return range.lowerBound &+ Int(bitPattern: UInt(generator.next() % (span + 1)))
    }

    /// True with probability `numerator`/`denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
}

/// Text that has broken parsers elsewhere: number spellings, separators, control and bidi
/// characters, and sizes at and past every limit oversub documents.
enum OddText {
    static let numbers = [
        "0", "1", "-1", "2", "3", "15", "16", "17", "64", "100", "1000", "1001", "3600", "3601", "1024", "1025",
        "65535", "65536", "1048576", "1048577", "9007199254740991", "9007199254740992",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999999", "1e400", "-1e400", "1e-400", "4.9e-324",
        "1.7976931348623157e308", "0x10", "0X10", "0x1p-4", "0x1P4", "0b101", "0o17", "017", "1_000", "+5", "+0",
        "-0", "-0.0", "05", " 3 ", "3\n", "\t3", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "INF", "1.5", ".5",
        "5.", "1e3", "1E3", "1e+3", "0.0001", "0.001", "0.0009", "3600.0", "3600.0001", "0.1", "0.09", "50", "50.1",
        "1,5", "1.2.3", "١٢", "１２", "²", "5%", "%", "5%%", "-5%", "1e", "e1", "--1", "+-1", "0.5e-3",
    ]

    static let weird = [
        "", " ", "\t", "\n", "\r\n", ",", ",,", ":", "::", "=", "==", "-", "--", "---", "'", "\"", "\\", "%s%n",
        "\u{0}", "\u{7}", "\u{1B}[31m", "\u{1B}]0;title\u{7}", "\r", "\u{9B}", "\u{85}", "\u{202E}", "\u{2066}",
        "\u{200B}", "\u{FEFF}", "\u{FFFD}", "é", "🙂", "日本", "../../evil/x", "/", ".", "..", "~", "$HOME", "*", "?",
        "{a: 1}", "[1, 2]", "&a", "*a", "!!binary", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "| a | b |", "=cmd|' /C calc'!A0", "null", "true", "~", "yes", "on",
    ]

    /// A long run of one character, to find quadratic or unbounded work.
    static func long(_ random: inout FuzzRandom) -> String {
        String(repeating: random.pick(["1", ",", "a", "9", "1,", "[", "é", "\u{202E}"]), count: random.pick([200, 5000, 20000]))
    }

    static func any(_ random: inout FuzzRandom) -> String {
        switch random.below(10) {
        case 0..<5: random.pick(numbers)
        case 5..<9: random.pick(weird)
        default: long(&random)
        }
    }

    /// `text` with one to three small edits: a character inserted, deleted, doubled or replaced,
    /// an odd piece spliced in, or the text cut short.
    static func mutate(_ text: String, _ random: inout FuzzRandom) -> String {
        var characters = Array(text)
        for _ in 0..<random.int(in: 1...3) {
            let position = characters.isEmpty ? 0 : random.below(characters.count + 1)
            switch random.below(7) {
            case 0: characters.insert(contentsOf: random.pick([",", ":", "=", "-", " ", ".", "e", "x", "0", "%", "\u{202E}", "\u{0}"]),
                                      at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            case 2: if position < characters.count { characters.insert(characters[position], at: position) }
            case 3: if position < characters.count { characters[position] = random.pick(Array("0123456789,:=-.xeK%")) }
            case 4: characters.insert(contentsOf: any(&random), at: position)
            case 5: characters = Array(characters.prefix(position))
            default: characters.insert(contentsOf: random.pick(numbers), at: position)
            }
        }
        return String(characters)
    }
}
