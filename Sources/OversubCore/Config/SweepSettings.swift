import Yams

/// Everything a user can set for a sweep. The built-in defaults are `configs/default.yaml`
/// (a test keeps the two equal); a profile and then command-line flags override them.
public struct SweepSettings: Equatable, Sendable {
    /// Explicit thread counts; nil means the default sweep up to `maxMultiplier` × usable cores.
    public var threads: [Int]?
    public var maxMultiplier = 64
    /// The workloads to sweep, each over every thread count.
    public var workloads = [WorkloadSpec(name: "spin")]
    /// Threads, tasks on the cooperative pool, or both (as separate series).
    public var models = [ConcurrencyModel.threads]
    /// Pin modes; with several (or several NUMA modes) every combination is a separate series.
    public var pins = [PinMode.none]
    /// NUMA modes, combined with every pin mode.
    public var numa = [NumaMode.none]
    /// Scheduling policies of the workers, combined with every placement.
    public var policies = [SchedulerPolicy.other]
    /// EEVDF slices of the workers, combined with every policy.
    public var slices = [SliceRequest.default]
    public var durationSeconds = 1.0
    public var warmupSeconds = 0.25
    public var repetitions = 3
    public var sampleHz = 10.0
    public var stackKiB = 64
    /// How much of the switch-cost probe runs after the sweep.
    public var switchCost = SwitchCostDepth.quick
    /// Interleaved rounds (default) or each point's repetitions back to back.
    public var order = MeasurementOrder.interleaved
    /// Fixes the interleaved order; nil picks one at random (and the result records it).
    public var seed: Int?
    /// How far below the best throughput a thread count may be and still be recommended.
    public var tolerancePercent = 5.0
    /// Count migrations, switches and task clock per worker (and the hardware counters where
    /// there are some) with perf_event_open(2).
    public var perfEvents = PerfEventsMode.on

    public init() {}

    /// Settings as a profile or flags give them: nil leaves the value as it was.
    public struct Overrides: Equatable, Sendable {
        public var threads: [Int]?
        public var maxMultiplier: Int?
        public var workloads: [WorkloadSpec]?
        public var models: [ConcurrencyModel]?
        public var pins: [PinMode]?
        public var numa: [NumaMode]?
        public var policies: [SchedulerPolicy]?
        public var slices: [SliceRequest]?
        public var durationSeconds: Double?
        public var warmupSeconds: Double?
        public var repetitions: Int?
        public var sampleHz: Double?
        public var stackKiB: Int?
        public var switchCost: SwitchCostDepth?
        public var order: MeasurementOrder?
        public var seed: Int?
        public var tolerancePercent: Double?
        public var perfEvents: PerfEventsMode?

        public init(threads: [Int]? = nil, maxMultiplier: Int? = nil, workloads: [WorkloadSpec]? = nil, pins: [PinMode]? = nil,
                    durationSeconds: Double? = nil, warmupSeconds: Double? = nil, repetitions: Int? = nil,
                    sampleHz: Double? = nil, stackKiB: Int? = nil, switchCost: SwitchCostDepth? = nil) {
            self.threads = threads
            self.maxMultiplier = maxMultiplier
            self.workloads = workloads
            self.pins = pins
            self.durationSeconds = durationSeconds
            self.warmupSeconds = warmupSeconds
            self.repetitions = repetitions
            self.sampleHz = sampleHz
            self.stackKiB = stackKiB
            self.switchCost = switchCost
        }
    }

    /// These settings with `overrides` applied and every value checked.
    public func applying(_ overrides: Overrides) throws(UsageError) -> SweepSettings {
        var result = self
        if let value = overrides.threads { result.threads = value }
        if let value = overrides.maxMultiplier { result.maxMultiplier = value }
        if let value = overrides.workloads { result.workloads = value }
        if let value = overrides.models { result.models = value }
        if let value = overrides.pins { result.pins = value }
        if let value = overrides.numa { result.numa = value }
        if let value = overrides.policies { result.policies = value }
        if let value = overrides.slices { result.slices = value }
        if let value = overrides.durationSeconds { result.durationSeconds = value }
        if let value = overrides.warmupSeconds { result.warmupSeconds = value }
        if let value = overrides.repetitions { result.repetitions = value }
        if let value = overrides.sampleHz { result.sampleHz = value }
        if let value = overrides.stackKiB { result.stackKiB = value }
        if let value = overrides.switchCost { result.switchCost = value }
        if let value = overrides.order { result.order = value }
        if let value = overrides.seed { result.seed = value }
        if let value = overrides.tolerancePercent { result.tolerancePercent = value }
        if let value = overrides.perfEvents { result.perfEvents = value }
        try result.validate()
        return result
    }

    public static let limits = (
        maxMultiplier: 1...1024,
        durationSeconds: 0.001...3600.0,
        warmupSeconds: 0.0...600.0,
        repetitions: 1...1000,
        sampleHz: 0.0...1000.0,
        stackKiB: 16...(1 << 20),
        // Seeds are kept to 2^53 - 1 so that every JSON reader holds them exactly.
        seed: 0...9_007_199_254_740_991,
        tolerancePercent: 0.1...50.0
    )

    /// PTHREAD_STACK_MIN as the C library reports it here.
    public static let minimumStackBytes: Int = {
        let value = sysconf(Int32(_SC_THREAD_STACK_MIN))
        return value > 0 ? value : 16384
    }()

    public func validate() throws(UsageError) {
        func check<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ name: String, _ unit: String) throws(UsageError) {
            guard range.contains(value) else {
                throw UsageError("\(name) \(SettingValue.show(value)) is out of range: use \(SettingValue.describe(range))\(unit)")
            }
        }
        try check(maxMultiplier, Self.limits.maxMultiplier, "max-multiplier", "")
        try check(durationSeconds, Self.limits.durationSeconds, "duration", " seconds")
        try check(warmupSeconds, Self.limits.warmupSeconds, "warmup", " seconds")
        try check(repetitions, Self.limits.repetitions, "repetitions", "")
        try check(sampleHz, Self.limits.sampleHz, "sample-hz", " (0 turns sampling off)")
        if sampleHz > 0, sampleHz < 0.1 {
            throw UsageError("sample-hz \(SettingValue.show(sampleHz)) is out of range: use 0 (off) or 0.1 to 1000")
        }
        try check(stackKiB, Self.limits.stackKiB, "stack-kib", " KiB")
        if let seed { try check(seed, Self.limits.seed, "seed", "") }
        try check(tolerancePercent, Self.limits.tolerancePercent, "tolerance", " percent")
        let minimumStackKiB = (Self.minimumStackBytes + 1023) / 1024
        if stackKiB < minimumStackKiB {
            throw UsageError("stack-kib \(stackKiB) is below this system's smallest thread stack (PTHREAD_STACK_MIN): use at least \(minimumStackKiB)")
        }
        if let threads {
            guard !threads.isEmpty else { throw UsageError("empty thread list: give at least one thread count") }
            for count in threads { try ThreadCounts.validate(count, origin: "thread count") }
        }
        guard !models.isEmpty else { throw UsageError("no model given: use threads, tasks or threads,tasks") }
        guard !pins.isEmpty else { throw UsageError("no pin mode given: use \(PinMode.allowed)") }
        guard !numa.isEmpty else { throw UsageError("no numa mode given: use \(NumaMode.allowed)") }
        guard !policies.isEmpty else { throw UsageError("no policy given: use \(SchedulerPolicy.allowed)") }
        guard !slices.isEmpty else { throw UsageError("no slice given: use \(SliceRequest.allowed)") }
        if models.contains(.tasks), let pin = pins.first(where: { $0 != .none }) {
            throw UsageError("pin mode '\(pin)' applies to threads; the tasks model runs on the runtime's pool: use --pin none with --model tasks")
        }
        if models.contains(.tasks), let mode = numa.first(where: { $0 != .none }) {
            throw UsageError("numa mode '\(mode)' applies to threads; the tasks model runs on the runtime's pool: use --numa none with --model tasks")
        }
        guard !workloads.isEmpty else { throw UsageError("no workload given: use one of \(WorkloadRegistry.names.joined(separator: ", "))") }
        for spec in workloads where WorkloadRegistry.descriptor(named: spec.name) == nil {
            throw UsageError("unknown workload '\(spec.name)': use one of \(WorkloadRegistry.names.joined(separator: ", "))")
        }
    }

    /// The settings as recorded in a result.
    public func effective(threads counts: [Int], seed usedSeed: Int? = nil) -> EffectiveConfig {
        EffectiveConfig(threads: counts, workload: workloads.map(\.description).joined(separator: ","), pin: pins.map(\.description).joined(separator: ","), durationSeconds: durationSeconds,
                        warmupSeconds: warmupSeconds, repetitions: repetitions, sampleHz: sampleHz,
                        stackKiB: stackKiB, maxMultiplier: threads == nil ? maxMultiplier : nil,
                        switchCost: switchCost.rawValue, models: models,
                        numa: numa.map(\.description).joined(separator: ","), order: order, seed: order == .interleaved ? (usedSeed ?? seed) : nil,
                        tolerancePercent: tolerancePercent,
                        policy: policies.map(\.description).joined(separator: ","),
                        slice: slices.map(\.description).joined(separator: ","), perfEvents: perfEvents)
    }
}

/// How much of the switch-cost probe `oversub analyze` runs after the sweep.
public enum SwitchCostDepth: String, CaseIterable, Equatable, Sendable {
    /// Skip it.
    case off
    /// Every method and placement and the working-set sizes, with short repetitions (about 3 s).
    case quick
    /// The same with longer and more repetitions, as `oversub switch-cost` runs it.
    case full

    public static func parse(_ text: String) throws(UsageError) -> SwitchCostDepth {
        guard let depth = SwitchCostDepth(rawValue: text) else {
            throw UsageError("unknown switch-cost '\(text)': use off, quick or full")
        }
        return depth
    }
}

/// A YAML profile (`configs/*.yaml`): the same names as the command-line flags.
public enum Profile {
    public static let keys = ["threads", "max-multiplier", "workload", "pin", "numa", "policy", "slice", "duration", "warmup",
                              "repetitions", "sample-hz", "stack-kib", "switch-cost", "model", "order", "seed", "tolerance",
                              "perf-events"]

    public static func load(path: String) throws(UsageError) -> SweepSettings.Overrides {
        let bytes = try readUserFile(atPath: path, what: "config", maxBytes: 1 << 20)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = 1 + bytes[..<firstInvalidUTF8(bytes)].count { $0 == 0x0A }
            throw UsageError("config '\(path)' is not UTF-8 text (line \(line)): write the profile in UTF-8")
        }
        return try parse(text, origin: path)
    }

    public static func parse(_ text: String, origin: String) throws(UsageError) -> SweepSettings.Overrides {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw UsageError("config '\(origin)' is not valid YAML: \(describe(error, in: text))")
        }
        var overrides = SweepSettings.Overrides()
        guard let root else { return overrides }
        guard let mapping = root.mapping else {
            throw UsageError("config '\(origin)' must be a mapping of settings (\(keys.joined(separator: ", ")))")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw UsageError("config '\(origin)': a key is \(describe(keyNode)); keys are names such as \(keys[0])")
            }
            guard keys.contains(key) else {
                throw UsageError("config '\(origin)': unknown key '\(key)': allowed keys are \(keys.joined(separator: ", "))")
            }
            do throws(UsageError) {
                if ["threads", "workload", "model", "pin", "numa", "policy", "slice"].contains(key), let items = value.sequence {
                    var texts: [String] = []
                    for item in items {
                        guard let scalar = item.scalar else {
                            throw UsageError("\(key) must list single values, not \(describe(item))")
                        }
                        texts.append(scalar.string)
                    }
                    guard !texts.isEmpty else { throw UsageError("\(key) is an empty list") }
                    try overrides.set(key, to: texts.joined(separator: ","))
                } else {
                    guard let scalar = value.scalar else {
                        throw UsageError("\(key) must be a single value, not \(describe(value))")
                    }
                    try overrides.set(key, to: scalar.string)
                }
            } catch {
                throw UsageError("config '\(origin)': \(error.message)")
            }
        }
        do {
            _ = try SweepSettings().applying(overrides)
        } catch {
            throw UsageError("config '\(origin)': \(error.message)")
        }
        return overrides
    }

    /// A YAML node in words, for errors: never the parser's internal dump.
    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// The offset of the first byte that does not start valid UTF-8.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let encoded) = parser.parseScalar(from: &iterator) { offset += encoded.count }
        return min(offset, bytes.count)
    }

    /// A YAML error in oversub's words: where (line and column, from 1) and what libyaml found or
    /// expected; never a libyaml function name or a dump of the parser's state.
    static func describe(_ error: any Error, in text: String) -> String {
        guard let yamlError = error as? YamlError else { return "unreadable" }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var words = "line \(mark.line) column \(mark.column): \(problemWords(problem))"
            if let context, context.text != "while parsing", !context.text.contains("yaml_") {
                words += " (\(context.text) from line \(context.mark.line) column \(context.mark.column))"
            }
            return words
        case .reader(let problem, let offset, _, _):
            guard let offset else { return problemWords(problem) }
            let before = text.prefix(offset)
            let line = 1 + before.count { $0 == "\n" }
            let column = 1 + before.reversed().prefix { $0 != "\n" }.count
            return "line \(line) column \(column): \(problemWords(problem))"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "key " + duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
                + " is listed twice in the mapping from line \(context.mark.line): give each once"
        case .memory: return "out of memory while reading it"
        default: return "unreadable"
        }
    }

    /// libyaml's problem text, which says what it found or expected, except where it names its
    /// own API.
    private static func problemWords(_ problem: String) -> String {
        if problem.hasPrefix("Maximum nesting level reached") {
            return "nested too deeply (a setting is a single value or a list of values)"
        }
        guard !problem.contains("yaml_") else { return "not valid YAML here" }
        return problem
    }
}

#if canImport(Glibc)
import Glibc
#endif
