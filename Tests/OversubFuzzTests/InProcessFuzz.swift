import Foundation
import OversubAnalysis
import OversubCore
import OversubReport
import Testing

/// The in-process parts of the fuzz suite: one generated input per call, checked by `tally`.
enum InProcessFuzz {
    /// This machine and the captured trees under Tests/Fixtures/topology, for plans.
    static let machines: [(name: String, topology: Topology)] = [("this machine", CommandLineOutcome.topology)]
        + FuzzFiles.topologyRoots.map { root in
            (URL(fileURLWithPath: root).lastPathComponent, Topology.discover(files: SystemFiles(root: root)))
        }

    static let mutator = try! ResultMutator()

    /// The first fixture, as the baseline every mutant is compared with.
    static let baseline: ComparedResult = {
        let base = mutator.bases[1]
        let path = FuzzFiles.scratch + "/baseline.json"
        let (result, _) = ResultChecks.load(Array(base.tree.text().utf8), at: path)
        return ComparedResult(label: base.name, result: result!)
    }()

    /// The baseline compared with itself, for --fail-if conditions.
    static let comparison = Comparison(results: [baseline, baseline])

    /// One to four settings by name and text, as flags or a profile give them, resolved into
    /// a plan on one of the machines.
    static func settings(_ tally: FuzzTally, _ random: inout FuzzRandom) {
        let pairs = (0..<random.int(in: 1...4)).map { _ -> (String, String) in
            let name = random.chance(1, in: 30) ? random.pick(["speed", "", "threads ", "out", "Threads"]) : random.pick(ArgumentGrammar.settings)
            return (name, ArgumentGrammar.value(for: name, &random))
        }
        let machine = random.pick(machines)
        let libnuma = random.chance(1, in: 2)
        tally.check(pairs.map { "--\($0.0) '\($0.1)'" }.joined(separator: " ") + " on \(machine.name)") {
            var overrides = SweepSettings.Overrides()
            do throws(UsageError) {
                for (name, value) in pairs { try overrides.set(name, to: value) }
                let settings = try SweepSettings().applying(overrides)
                let plan = try SweepPlan(settings: settings, topology: machine.topology, libnumaAvailable: libnuma)
                _ = settings.effective(threads: plan.threadCounts, seed: plan.seed)
                _ = plan.measuredSeconds
                return []
            } catch {
                return MessageCheck.problems(error.message)
            }
        }
    }

    /// One value through one of the smaller parsers: --fail-if conditions (checked against a
    /// comparison), switch-cost sizes, CPU lists, thread lists, workload lists (built on a
    /// machine), sizes and durations, pin and NUMA lists, models, orders, depths, metrics.
    static func values(_ tally: FuzzTally, _ random: inout FuzzRandom) {
        let kind = random.below(10)
        let text: String = switch kind {
        case 0: ArgumentGrammar.failCondition(&random)
        case 1: ArgumentGrammar.sizes(&random)
        case 2: random.chance(1, in: 2) ? String(ArgumentGrammar.pin(&random).dropFirst(5)) : OddText.mutate(random.pick(["0-3", "0,2-3", "1"]), &random)
        case 3: ArgumentGrammar.value(for: "threads", &random)
        case 4: ArgumentGrammar.value(for: "workload", &random)
        case 5: OddText.mutate(random.pick(["64KiB", "1MiB", "2us", "1ms", "0.5s", "100ns", "4096"]), &random)
        case 6: ArgumentGrammar.value(for: "pin", &random)
        case 7: ArgumentGrammar.value(for: "numa", &random)
        case 8: ArgumentGrammar.value(for: random.pick(["model", "order", "switch-cost"]), &random)
        default: OddText.mutate(random.pick(["drop@4x", "p99@2x", "fairness@1024x", "rate@1x"]), &random)
        }
        let machine = random.pick(machines)
        tally.check("value kind \(kind): '\(text)' on \(machine.name)") {
            do throws(UsageError) {
                switch kind {
                case 0:
                    let condition = try FailCondition.parse(text)
                    _ = try condition.check(comparison)
                case 1: _ = try SwitchCostPlan.parseSizes(text)
                case 2:
                    do throws(CPUList.ParseError) { _ = try CPUList.parse(text) } catch { return MessageCheck.problems(error.description) }
                case 3: _ = try ThreadCounts.parse(text)
                case 4:
                    for spec in try WorkloadSpec.parseList(text) { _ = try WorkloadRegistry.make(spec, machine: machine.topology) }
                case 5:
                    _ = Units.parseBytes(text)
                    _ = Units.parseNanoseconds(text)
                    _ = try WorkloadOptions(workload: "fuzz", values: ["size": text]).bytes("size")
                    _ = try WorkloadOptions(workload: "fuzz", values: ["block": text]).nanoseconds("block")
                case 6:
                    for pin in try PlacementLists.pins(text) { try pin.validate(usableCPUs: machine.topology.affinityCPUs) }
                case 7: _ = try PlacementLists.numa(text)
                case 8:
                    _ = try? ConcurrencyModel.parseList(text)
                    _ = try? MeasurementOrder.parse(text)
                    _ = try SwitchCostDepth.parse(text)
                default: _ = ComparisonMetric.parse(text)
                }
                return []
            } catch {
                return MessageCheck.problems(error.message)
            }
        }
    }

    /// A whole command line, through parsing, validate() and each command's checks.
    static func commandLine(_ tally: FuzzTally, _ random: inout FuzzRandom) {
        let out = FuzzFiles.scratch + "/out-\(tally.inputs)"
        let arguments = ArgumentGrammar.commandLine(&random).map { $0.replacingOccurrences(of: ArgumentGrammar.outToken, with: out) }
        tally.check(arguments.map { "'\($0)'" }.joined(separator: " ")) {
            var problems: [String] = []
            switch CommandLineOutcome.of(arguments) {
            case .unexpected(let what): problems.append("an error escaped: \(what)")
            case .refused(let message): problems += MessageCheck.problems(message)
            default: break
            }
            if FileManager.default.fileExists(atPath: out) { problems.append("'\(out)' was created") }
            return problems
        }
    }

    /// A YAML profile, parsed and resolved into a plan on this machine.
    static func profile(_ tally: FuzzTally, _ random: inout FuzzRandom) {
        let text = ProfileGrammar.profile(&random)
        tally.check(text) {
            do throws(UsageError) {
                let settings = try SweepSettings().applying(try Profile.parse(text, origin: "fuzz.yaml"))
                _ = try SweepPlan(settings: settings, topology: CommandLineOutcome.topology)
                return []
            } catch {
                return MessageCheck.problems(error.message)
            }
        }
    }

    /// A mutated result file: loaded from disk, and when accepted analysed and rendered.
    static func result(_ tally: FuzzTally, _ random: inout FuzzRandom) {
        let mutant = mutator.mutant(&random)
        tally.check(mutant.description + "\n" + String(decoding: mutant.bytes.prefix(200_000), as: UTF8.self)) {
            let (result, problems) = ResultChecks.load(mutant.bytes, at: FuzzFiles.scratch + "/mutant.json")
            guard let result else { return problems }
            return ResultChecks.render(result, against: baseline)
        }
    }
}
