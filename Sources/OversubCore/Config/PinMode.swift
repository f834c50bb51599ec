/// Where workers may run.
public enum PinMode: Hashable, Sendable, CustomStringConvertible {
    /// The kernel places threads anywhere in the process's affinity mask.
    case none
    /// Workers fill usable CPUs in order; past one worker per CPU, consecutive workers share a CPU.
    case compact
    /// Workers go round-robin over usable CPUs.
    case spread
    /// Workers go round-robin over this list.
    case cpus([Int])

    public static let allowed = "none, compact, spread or cpus:LIST (e.g. cpus:0,2-3)"

    public static func parse(_ text: String) throws(UsageError) -> PinMode {
        switch text {
        case "none": return .none
        case "compact": return .compact
        case "spread": return .spread
        default:
            guard text.hasPrefix("cpus:") else {
                throw UsageError("unknown pin mode '\(text)': use \(allowed)")
            }
            // CPUList reads the kernel's files and is lenient (Int(_:) takes "+1"); a user's list
            // is decimal CPU numbers and ranges only, each CPU once.
            let list = text.dropFirst(5)
            guard list.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "-") }) else {
                throw UsageError("pin mode '\(text)': use CPU numbers and ranges in decimal, e.g. cpus:0,2-3")
            }
            var cpus: [Int] = []
            var seen = Set<Int>()
            for part in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard !part.isEmpty else {
                    throw UsageError("pin mode '\(text)': an empty item is not a CPU number or a range like 0-3")
                }
                let range: [Int]
                do {
                    range = try CPUList.parse(String(part))
                } catch {
                    throw UsageError("pin mode '\(text)': \(error.reason)")
                }
                if let twice = range.first(where: seen.contains) { throw SettingValue.listedTwice("CPU", "\(twice)", in: text) }
                seen.formUnion(range)
                cpus += range
            }
            guard !cpus.isEmpty else { throw UsageError("pin mode '\(text)' names no CPU: use e.g. cpus:0,2-3") }
            return .cpus(cpus.sorted())
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .compact: "compact"
        case .spread: "spread"
        case .cpus(let cpus): "cpus:" + CPUList.format(cpus)
        }
    }

    /// Checks the mode against the CPUs this process may use.
    public func validate(usableCPUs: [Int]) throws(UsageError) {
        guard !usableCPUs.isEmpty else {
            throw UsageError("no usable CPU found in this process's affinity mask; cannot run workers")
        }
        guard case .cpus(let cpus) = self else { return }
        let usable = Set(usableCPUs)
        let outside = cpus.filter { !usable.contains($0) }
        if !outside.isEmpty {
            throw UsageError("pin mode '\(self)': CPU \(CPUList.format(outside)) is not usable here; "
                             + "usable CPUs are \(CPUList.format(usableCPUs))")
        }
    }

    /// How many distinct CPUs the workers can use at most: fewer than the usable cores when
    /// `cpus:LIST` names fewer CPUs.
    public func coreLimit(usableCores: Int) -> Int {
        if case .cpus(let list) = self { return max(1, min(usableCores, Set(list).count)) }
        return usableCores
    }
}
