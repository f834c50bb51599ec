import Foundation

/// Generates result files from the saved results in Tests/Fixtures/results and
/// reports/example: each fixture is first cut down to a few points (so thousands of mutants
/// load and render in seconds), then edited by one to three mutations of its tree and, now and
/// then, of its bytes.
struct ResultMutator: Sendable {
    /// The fixtures, cut down; each still loads as a valid result (a test checks it).
    let bases: [(name: String, tree: JSONTree)]

    init() throws {
        var bases: [(name: String, tree: JSONTree)] = []
        for path in FuzzFiles.resultFixtures {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            bases.append((URL(fileURLWithPath: path).lastPathComponent, Self.cutDown(try JSONTree.parse(bytes))))
        }
        self.bases = bases
    }

    /// A result with at most four points (spread over the sweep), two windows each, four
    /// workers' figures, three samples and four switch-cost measurements.
    static func cutDown(_ result: JSONTree) -> JSONTree {
        var result = result
        if var points = result["points"]?.arrayItems {
            if points.count > 4 {
                let step = points.count / 4
                points = (0..<4).map { points[$0 * step] }
            }
            result["points"] = .array(points.map(cutDownPoint))
        }
        if var switchCost = result["switchCost"], let measurements = switchCost["measurements"]?.arrayItems {
            switchCost["measurements"] = .array(Array(measurements.prefix(4)))
            result["switchCost"] = switchCost
        }
        return result
    }

    private static func cutDownPoint(_ point: JSONTree) -> JSONTree {
        var point = point
        if let repetitions = point["repetitions"]?.arrayItems {
            point["repetitions"] = .array(repetitions.prefix(2).map { repetition in
                var repetition = repetition
                for key in ["perThread", "samples"] {
                    if let items = repetition[key]?.arrayItems { repetition[key] = .array(Array(items.prefix(key == "samples" ? 3 : 4))) }
                }
                return repetition
            })
        }
        if var placement = point["placement"], let workers = placement["workers"]?.arrayItems {
            placement["workers"] = .array(Array(workers.prefix(4)))
            point["placement"] = placement
        }
        return point
    }

    /// One generated result file, and how it was made (for the failure message).
    struct Mutant: Sendable {
        var bytes: [UInt8]
        var description: String
    }

    func mutant(_ random: inout FuzzRandom) -> Mutant {
        let base = random.pick(bases)
        var tree = base.tree
        var steps: [String] = []
        for _ in 0..<random.int(in: 1...3) { steps.append(mutate(&tree, &random)) }
        let rawControls = random.chance(1, in: 20)
        var bytes = Array(tree.text(rawControls: rawControls).utf8)
        if rawControls { steps.append("control characters unescaped") }
        if random.chance(1, in: 4) { steps.append(Self.mutateBytes(&bytes, &random)) }
        return Mutant(bytes: bytes, description: base.name + ": " + steps.joined(separator: "; "))
    }

    /// Odd numbers for any field: out of every integer type, not finite, negative, fractional
    /// where a count is expected.
    static let oddNumbers = [
        "1e400", "-1e400", "1e-400", "-1", "0", "-0", "0.5", "-0.5", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "4294967296",
        "2147483648", "9007199254740993", "1.7976931348623157e308", "4.9e-324", "1e20", "-1e20", "123456789012345678901234567890",
        "1E2", "1.0", "65536", "65537", "1048577", "2", "1", "3",
    ]

    /// Strings with terminal escapes, control and bidi characters, markup and length.
    static let oddStrings = [
        "", " ", "\u{1B}[2J\u{1B}[31mred", "bell\u{7}", "cr\rover", "csi\u{9B}31m", "\u{202E}desrever", "a\u{2066}b\u{2069}",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a|b|c", "=HYPERLINK(\"x\")", "\"quoted\",comma",
        "line\nbreak", "tab\there", "nul\u{0}byte", "\u{FEFF}bom", "é🙂日本", "../../evil/x", String(repeating: "x", count: 10000),
        "spin", "none", "threads", "tasks", "interleaved", "cache:size=1MiB", "0-1", "0-65535", "0-99999", "7",
    ]

    /// Applies one mutation; returns what it did.
    private func mutate(_ tree: inout JSONTree, _ random: inout FuzzRandom) -> String {
        switch random.below(10) {
        case 0:
            var path = ""
            Self.edit(&tree, &random, path: &path) { node, random in
                guard case .object(var members) = node, !members.isEmpty else { return false }
                members.remove(at: random.below(members.count))
                node = .object(members)
                return true
            }
            return "deleted a key at \(path)"
        case 1:
            var path = ""
            Self.edit(&tree, &random, path: &path) { node, random in
                guard case .object(var members) = node, !members.isEmpty else { return false }
                let member = members[random.below(members.count)]
                members.insert(JSONMember(key: member.key, value: Self.oddValue(&random)), at: random.below(members.count + 1))
                node = .object(members)
                return true
            }
            return "duplicated a key at \(path)"
        case 2:
            var path = ""
            Self.edit(&tree, &random, path: &path) { node, random in
                node = Self.oddValue(&random)
                return true
            }
            return "swapped the type at \(path)"
        case 3, 4:
            var path = ""
            let number = random.pick(Self.oddNumbers)
            Self.edit(&tree, &random, path: &path) { node, _ in
                guard case .raw = node else { return false }
                node = .raw(number)
                return true
            }
            return "number \(number) at \(path)"
        case 5, 6:
            var path = ""
            let text = random.pick(Self.oddStrings)
            Self.edit(&tree, &random, path: &path) { node, random in
                guard case .string(let old) = node else { return false }
                node = .string(random.chance(1, in: 2) ? text : old + text)
                return true
            }
            return "string at \(path)"
        case 7:
            var path = ""
            let depth = random.pick([8, 64, 300, 600, 5000])
            Self.edit(&tree, &random, path: &path) { node, random in
                node = Self.nested(depth: depth, object: random.chance(1, in: 2))
                return true
            }
            return "nesting \(depth) deep at \(path)"
        case 8:
            var path = ""
            Self.edit(&tree, &random, path: &path) { node, random in
                guard case .array(var items) = node else { return false }
                switch random.below(4) {
                case 0: items = []
                case 1: if let item = items.first { items.append(contentsOf: Array(repeating: item, count: random.int(in: 1...8))) }
                case 2: if !items.isEmpty { items.remove(at: random.below(items.count)) }
                default: items.reverse()
                }
                node = .array(items)
                return true
            }
            return "edited the list at \(path)"
        default:
            return Self.semanticEdit(&tree, &random)
        }
    }

    /// Edits of the fields the loader checks: schema version, cores, thread counts, the
    /// complete/interruption pair, window lengths, indices of workers.
    private static func semanticEdit(_ tree: inout JSONTree, _ random: inout FuzzRandom) -> String {
        let number = random.pick(oddNumbers)
        switch random.below(6) {
        case 0:
            tree["schemaVersion"] = .raw(random.pick(["0", "1", "3", "4", "5", "6", "7", "99", "-1", "1.5", "\"6\"", "null"]))
            return "schemaVersion"
        case 1:
            var environment = tree["environment"] ?? .object([])
            environment[random.pick(["usableCores", "installedCPUs", "clockTicksPerSecond", "physicalCores", "numaNodes"])] = .raw(number)
            tree["environment"] = environment
            return "environment count \(number)"
        case 2:
            tree["complete"] = .raw(random.pick(["true", "false", "null", "0"]))
            if random.chance(1, in: 2) {
                func member(_ key: String, _ values: [String]) -> JSONMember { JSONMember(key: key, value: .raw(random.pick(values))) }
                tree["interruption"] = .object([
                    member("kind", ["\"signal\"", "\"inProgress\"", "\"other\"", "1"]),
                    member("signal", ["\"SIGINT\"", "\"SIGTERM\"", "\"SIGKILL\"", "2", "null", "\"\\u001b[31m\""]),
                    member("time", ["\"2026-12-01T00:00:00Z\"", "\"\"", "\"yesterday\"", "0"]),
                    member("visitsDone", ["0", "1", "5", "-1", "9223372036854775807"]),
                    member("visitsPlanned", ["0", "1", "5", "-1", "9223372036854775807"]),
                    member("duringSwitchCost", ["true", "false", "1"]),
                ])
            }
            return "complete and interruption"
        default:
            guard var points = tree["points"]?.arrayItems, !points.isEmpty else { return "no points to edit" }
            let index = random.below(points.count)
            let key = random.pick(["threads", "cores", "createSeconds", "seconds", "ops", "opsPerSecond", "index", "round",
                                   "voluntarySwitches", "onCPUNanoseconds", "p99Nanoseconds", "maxNanoseconds", "tid"])
            Self.setEverywhere(&points[index], key: key, to: .raw(number))
            tree["points"] = .array(points)
            return "\(key) \(number) in point \(index)"
        }
    }

    /// Sets every member named `key` below `node`.
    private static func setEverywhere(_ node: inout JSONTree, key: String, to value: JSONTree) {
        switch node {
        case .object(var members):
            for index in members.indices {
                if members[index].key == key { members[index].value = value } else { setEverywhere(&members[index].value, key: key, to: value) }
            }
            node = .object(members)
        case .array(var items):
            for index in items.indices { setEverywhere(&items[index], key: key, to: value) }
            node = .array(items)
        default: break
        }
    }

    /// A value of any JSON type, odd more often than not.
    static func oddValue(_ random: inout FuzzRandom) -> JSONTree {
        switch random.below(6) {
        case 0: .raw(random.pick(oddNumbers))
        case 1: .string(random.pick(oddStrings))
        case 2: .raw(random.pick(["true", "false", "null"]))
        case 3: .array(random.chance(1, in: 2) ? [] : [.raw("1"), .string("x")])
        case 4: .object(random.chance(1, in: 2) ? [] : [JSONMember(key: "a", value: .raw("1"))])
        default: .raw(random.pick(["NaN", "Infinity", "-Infinity", "nan", "01", "1.", ".1", "+1", "0x10", "tru", "\"unterminated"]))
        }
    }

    static func nested(depth: Int, object: Bool) -> JSONTree {
        var node = JSONTree.raw("1")
        for _ in 0..<depth { node = object ? .object([JSONMember(key: "a", value: node)]) : .array([node]) }
        return node
    }

    /// Walks down from the root to a random node and applies `change` there; nodes it refuses
    /// (the wrong kind) make the walk go deeper or start over, a few times at most.
    @discardableResult
    static func edit(_ tree: inout JSONTree, _ random: inout FuzzRandom, path: inout String,
                     _ change: (inout JSONTree, inout FuzzRandom) -> Bool) -> Bool {
        for _ in 0..<20 {
            var trail = ""
            if walk(&tree, &random, trail: &trail, change) {
                path = trail.isEmpty ? "the top level" : trail
                return true
            }
        }
        path = "nowhere"
        return false
    }

    private static func walk(_ node: inout JSONTree, _ random: inout FuzzRandom, trail: inout String,
                             _ change: (inout JSONTree, inout FuzzRandom) -> Bool) -> Bool {
        let stopHere = random.chance(1, in: 4)
        switch node {
        case .object(var members) where !members.isEmpty && !stopHere:
            let index = random.below(members.count)
            trail += "." + members[index].key
            let done = walk(&members[index].value, &random, trail: &trail, change)
            node = .object(members)
            return done
        case .array(var items) where !items.isEmpty && !stopHere:
            let index = random.below(items.count)
            trail += "[\(index)]"
            let done = walk(&items[index], &random, trail: &trail, change)
            node = .array(items)
            return done
        default:
            return change(&node, &random)
        }
    }

    /// Byte-level damage: a flipped bit, a random byte, bytes that are not UTF-8, or a cut.
    static func mutateBytes(_ bytes: inout [UInt8], _ random: inout FuzzRandom) -> String {
        guard !bytes.isEmpty else { return "empty" }
        let offset = random.below(bytes.count)
        switch random.below(4) {
        case 0:
            bytes[offset] ^= UInt8(1 << random.below(8))
            return "bit flipped at byte \(offset)"
        case 1:
            bytes[offset] = random.bytes(1)[0]
            return "byte \(offset) replaced"
        case 2:
            bytes.insert(contentsOf: random.pick([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF]]), at: offset)
            return "invalid UTF-8 at byte \(offset)"
        default:
            bytes.removeSubrange(offset...)
            return "cut at byte \(offset)"
        }
    }
}
