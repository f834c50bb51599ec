import OversubCore

/// Values and command lines as a user might type them, right or wrong: each value starts from
/// the grammar oversub documents (a list of thread counts, a workload with options, a pin mode)
/// and is then often bent: an odd number, a doubled item, a stray separator, a control character.
enum ArgumentGrammar {
    /// The sweep settings, by their flag (and profile key) names.
    static let settings = Profile.keys

    // MARK: Values

    static func value(for setting: String, _ random: inout FuzzRandom) -> String {
        let text = random.chance(1, in: 10) ? OddText.any(&random) : wellFormed(setting, &random)
        return random.chance(1, in: 3) ? OddText.mutate(text, &random) : text
    }

    static func wellFormed(_ setting: String, _ random: inout FuzzRandom) -> String {
        switch setting {
        case "threads": return list(1...6, &random) { r in number(&r, typical: ["1", "2", "4", "8", "3", "1024", "1048576"]) }
        case "max-multiplier": return number(&random, typical: ["1", "2", "64", "1024", "1025"])
        case "workload": return list(1...3, &random) { r in workload(&r) }
        case "model": return list(1...3, &random) { r in r.pick(["threads", "tasks", "Threads", "fibers"]) }
        case "pin": return list(1...3, &random) { r in pin(&r) }
        case "numa": return list(1...3, &random) { r in numa(&r) }
        case "duration", "warmup": return number(&random, typical: ["0.1", "0.001", "1", "0", "3600", "600", "0.25"])
        case "repetitions": return number(&random, typical: ["1", "3", "1000", "0"])
        case "sample-hz": return number(&random, typical: ["0", "0.1", "10", "1000", "0.05"])
        case "stack-kib": return number(&random, typical: ["16", "17", "64", "1048576", "8"])
        case "switch-cost": return random.pick(["off", "quick", "full", "OFF", "none"])
        case "order": return random.pick(["interleaved", "sequential", "random"])
        case "seed": return number(&random, typical: ["0", "42", "9007199254740991", "9007199254740992"])
        case "tolerance": return number(&random, typical: ["5", "5%", "0.1", "50", "50.5"])
        case "policy": return list(1...3, &random) { r in r.pick(["other", "batch", "idle", "fifo", "rr", "Other"]) }
        case "slice": return list(1...3, &random) { r in r.pick(["default", "0.1ms", "3ms", "20ms", "100ms", "0.05ms", "200ms", "3", "3us"]) }
        case "perf-events": return random.pick(["on", "off", "On", "yes", " off"])
        default: return OddText.any(&random)
        }
    }

    /// A number: mostly one of the setting's typical values, sometimes any odd spelling.
    static func number(_ random: inout FuzzRandom, typical: [String]) -> String {
        random.chance(3, in: 4) ? random.pick(typical) : random.pick(OddText.numbers)
    }

    /// Items joined by commas; now and then one item twice or an empty item.
    static func list(_ count: ClosedRange<Int>, _ random: inout FuzzRandom, item: (inout FuzzRandom) -> String) -> String {
        var items = (0..<random.int(in: count)).map { _ in item(&random) }
        if random.chance(1, in: 8), let first = items.first { items.insert(first, at: random.below(items.count + 1)) }
        if random.chance(1, in: 16) { items.insert("", at: random.below(items.count + 1)) }
        return items.joined(separator: ",")
    }

    static func workload(_ random: inout FuzzRandom) -> String {
        let descriptors = WorkloadRegistry.descriptors
        guard !random.chance(1, in: 12) else { return random.pick(["nope", "Spin", "", "spin:", ":size=1"]) }
        let descriptor = random.pick(descriptors)
        var text = descriptor.name
        for _ in 0..<random.int(in: 0...2) {
            let option = descriptor.options.isEmpty || random.chance(1, in: 8)
                ? WorkloadOptionDescriptor(name: random.pick(["colour", "size", "block", ""]), kind: .count, help: "", defaultValue: "")
                : random.pick(descriptor.options)
            let value = switch option.kind {
            case .bytes: random.pick(["4096", "64KiB", "1MiB", "2GiB", "0x100", "0", "1.5K", "100GiB", "1e400", "-1K", "8EiB"])
            case .duration: random.pick(["100ns", "2us", "2µs", "1ms", "0.5s", "0", "1e400ns", "-1ms", "5h", "0x10us"])
            case .count: random.pick(["1", "2", "0", "-1", "9223372036854775807", "lots"])
            }
            text += ":" + option.name + "=" + value
        }
        return text
    }

    static func pin(_ random: inout FuzzRandom) -> String {
        switch random.below(6) {
        case 0: "none"
        case 1: "compact"
        case 2: "spread"
        case 3: "cpus:" + random.pick(["0", "1", "0-1", "0,1", "1-0", "0-65535", "0-65536", "4096", "", "-1", "0-", "a"])
        case 4: "cpus:" + random.pick(["0", "0-1"]) + "," + random.pick(["1", "0", "2-3"])
        default: random.pick(["sideways", "cpus", "CPUS:0", "none:", "cpus::0"])
        }
    }

    static func numa(_ random: inout FuzzRandom) -> String {
        random.pick(["none", "local", "remote", "interleave", "node:0", "node:1", "node:-1", "node:4000",
                     "node:9223372036854775808", "node:", "node", "sideways"])
    }

    static func failCondition(_ random: inout FuzzRandom) -> String {
        let metric = random.pick(["one-thread-rate", "rate@1x", "drop@4x", "drop@0x", "drop@1025x", "knee", "switch-cost",
                                  "fairness@2x", "p99@4x", "steal", "best", "recommended", "high", "p99@x", "nope"])
        let series = random.chance(1, in: 4) ? random.pick(["spin:", "spinlock:", ":", "a b:", "\u{202E}:"]) : ""
        let op = random.pick([">", ">=", "<", "<=", "=", "=>", ""])
        let sign = random.pick(["", "", "+", "-", "+-"])
        let number = random.chance(3, in: 4) ? random.pick(["10", "25", "0", "500", "2", "1e400", "nan", "0x10"]) : random.pick(OddText.numbers)
        let unit = random.pick(["", "%", "x", "cores", "%%", "us"])
        let text = series + metric + op + sign + number + unit
        return random.chance(1, in: 5) ? OddText.mutate(text, &random) : text
    }

    static func sizes(_ random: inout FuzzRandom) -> String {
        let text = list(1...5, &random) { r in number(&r, typical: ["0", "16", "64", "1024", "1048576", "1048577", "-1"]) }
        return random.chance(1, in: 4) ? OddText.mutate(text, &random) : text
    }

    // MARK: Command lines

    /// A path `oversub` might write to: replaced by a fresh path in a temporary folder (in
    /// process it is only ever checked, never created).
    static let outToken = "@OUT@"

    /// An argument list for any command (or none), with `@OUT@` where an output path goes.
    static func commandLine(_ random: inout FuzzRandom) -> [String] {
        var arguments: [String]
        switch random.below(20) {
        case 0..<9: arguments = ["analyze"] + analyze(&random)
        case 9..<11: arguments = ["switch-cost"] + switchCost(&random)
        case 11..<13: arguments = ["compare"] + compare(&random)
        case 13..<15: arguments = ["report"] + report(&random)
        case 15..<17: arguments = ["topology"] + topology(&random)
        case 17: arguments = ["workloads"] + (random.chance(1, in: 2) ? [] : [OddText.any(&random)])
        default: arguments = root(&random)
        }
        // Now and then a token out of place: an unknown flag, help, a stray value, "--".
        if random.chance(1, in: 8) {
            let stray = random.pick(["--frobnicate", "--help", "-h", "--version", "--", "-", "extra", "--threads", "--out=",
                                     "--quiet", "--json", "-x", "--no-quiet", OddText.any(&random)])
            arguments.insert(stray, at: random.int(in: min(1, arguments.count)...arguments.count))
        }
        return arguments
    }

    static func root(_ random: inout FuzzRandom) -> [String] {
        random.pick([[], ["--help"], ["-h"], ["--version"], ["help"], ["help", "analyze"], ["help", "nope"], ["nope"],
                     ["ANALYZE"], ["analyse"], [""], ["--"], ["help", "compare", "extra"], ["analyze", "help"]])
    }

    /// A flag with its value, as `--name value` or `--name=value`.
    static func option(_ name: String, _ value: String, _ random: inout FuzzRandom) -> [String] {
        random.chance(1, in: 3) ? ["--\(name)=\(value)"] : ["--\(name)", value]
    }

    static func analyze(_ random: inout FuzzRandom) -> [String] {
        var arguments: [String] = []
        for _ in 0..<random.int(in: 0...5) {
            let setting = random.pick(settings)
            arguments += option(setting, value(for: setting, &random), &random)
        }
        if random.chance(1, in: 6) { arguments += option("config", random.pick(FuzzFiles.configs), &random) }
        if random.chance(1, in: 12) { arguments += option("resume", random.pick(FuzzFiles.resumeFolders), &random) }
        if random.chance(1, in: 2) { arguments += option("out", outToken, &random) }
        if random.chance(1, in: 8) { arguments.append(random.pick(["--force", "--quiet", "--open"])) }
        // A repeated flag: the parser keeps the last, which must still be checked.
        if random.chance(1, in: 10), let setting = settings.randomElement(using: &random) {
            arguments += option(setting, value(for: setting, &random), &random) + option(setting, value(for: setting, &random), &random)
        }
        return arguments
    }

    static func switchCost(_ random: inout FuzzRandom) -> [String] {
        var arguments: [String] = []
        if random.chance(1, in: 2) { arguments += option("repetitions", number(&random, typical: ["1", "7", "1000", "1001", "0", "-1"]), &random) }
        if random.chance(1, in: 2) { arguments += option("seconds", number(&random, typical: ["0.1", "0.001", "60", "61", "0", "-1"]), &random) }
        if random.chance(1, in: 2) { arguments += option("sizes", sizes(&random), &random) }
        if random.chance(1, in: 4) { arguments.append("--json") }
        return arguments
    }

    static func compare(_ random: inout FuzzRandom) -> [String] {
        var arguments = (0..<random.int(in: 0...3)).map { _ in random.pick(FuzzFiles.results) }
        if random.chance(1, in: 2) { arguments += option("format", random.pick(["table", "json", "csv", "markdown", "html", "CSV", ""]), &random) }
        for _ in 0..<random.int(in: 0...2) { arguments += option("fail-if", failCondition(&random), &random) }
        if random.chance(1, in: 3) { arguments += option("out", outToken, &random) }
        return arguments
    }

    static func report(_ random: inout FuzzRandom) -> [String] {
        var arguments = random.chance(7, in: 8) ? [random.pick(FuzzFiles.results)] : []
        if random.chance(1, in: 2) { arguments += option("out", outToken + random.pick(["", "/report.html", ".html"]), &random) }
        if random.chance(1, in: 4) { arguments.append(random.pick(["--quiet", "--open"])) }
        return arguments
    }

    static func topology(_ random: inout FuzzRandom) -> [String] {
        var arguments: [String] = []
        if random.chance(2, in: 3) { arguments += option("root", random.pick(FuzzFiles.roots), &random) }
        if random.chance(1, in: 2) { arguments.append("--json") }
        return arguments
    }
}

extension Collection {
    func randomElement(using random: inout FuzzRandom) -> Element? {
        isEmpty ? nil : self[index(startIndex, offsetBy: random.below(count))]
    }
}
