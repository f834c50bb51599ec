#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import OversubCore

/// `--policy` and `--slice`: parsed strictly, combined with the placements, skipped with a reason
/// where they cannot run.
@Suite struct SchedulerSettingTests {
    @Test func policiesParseAndRealTimeIsRefusedWithTheReason() throws {
        #expect(try SchedulerPolicy.parseList("other,batch,idle") == [.other, .batch, .idle])
        #expect(throws: UsageError("policy 'fifo' is a real-time policy, which oversub does not give its workers "
                                   + "(spinning real-time threads can starve the machine): use other, batch or idle")) {
            try SchedulerPolicy.parseList("other,fifo")
        }
        #expect(throws: UsageError("unknown policy 'normal': use other, batch or idle")) { try SchedulerPolicy.parse("normal") }
        #expect(throws: UsageError("policy 'batch' is listed twice in 'batch,batch': give each once")) {
            try SchedulerPolicy.parseList("batch,batch")
        }
    }

    @Test func slicesParseInMillisecondsOrMicrosecondsWithinTheKernelsRange() throws {
        #expect(try SliceRequest.parseList("default,0.1ms,3ms,20ms,500us,100ms")
                == [.default, .nanoseconds(100_000), .nanoseconds(3_000_000), .nanoseconds(20_000_000),
                    .nanoseconds(500_000), .nanoseconds(100_000_000)])
        #expect(try SliceRequest.parse("150µs").description == "0.15ms")
        #expect(SliceRequest.nanoseconds(20_000_000).description == "20ms")
        let allowed = "default or a duration from 0.1ms to 100ms (e.g. 3ms, 500us)"
        #expect(throws: UsageError("slice 0.05ms is out of range: use \(allowed)")) { try SliceRequest.parse("0.05ms") }
        #expect(throws: UsageError("slice 101ms is out of range: use \(allowed)")) { try SliceRequest.parse("101ms") }
        #expect(throws: UsageError("slice '3' has no unit: use \(allowed)")) { try SliceRequest.parse("3") }
        #expect(throws: UsageError("slice '1e1ms' is not a duration: use \(allowed)")) { try SliceRequest.parse("1e1ms") }
        #expect(throws: UsageError("slice 0.1234ms is finer than a microsecond: use whole microseconds, e.g. 150us")) {
            try SliceRequest.parse("0.1234ms")
        }
        #expect(throws: UsageError("slice '3000us' is listed twice in '3ms,3000us': give each once")) {
            try SliceRequest.parseList("3ms,3000us")
        }
    }

    @Test func profilesAndFlagsShareTheKeys() throws {
        let overrides = try Profile.parse("policy: [other, batch]\nslice: [default, 20ms]\n", origin: "p.yaml")
        let settings = try SweepSettings().applying(overrides)
        #expect(settings.policies == [.other, .batch])
        #expect(settings.slices == [.default, .nanoseconds(20_000_000)])
        #expect(settings.effective(threads: [2]).policy == "other,batch")
        #expect(settings.effective(threads: [2]).slice == "default,20ms")
        #expect(throws: UsageError("config 'p.yaml': policy 'rr' is a real-time policy, which oversub does not give its "
                                   + "workers (spinning real-time threads can starve the machine): use other, batch or idle")) {
            try Profile.parse("policy: rr\n", origin: "p.yaml")
        }
    }

    @Test func kernelVersionsReadFromReleases() {
        #expect(KernelVersion(release: "6.18.44-fc-v657") == KernelVersion(major: 6, minor: 18))
        #expect(KernelVersion(release: "6.1.0-28-amd64") == KernelVersion(major: 6, minor: 1))
        #expect(KernelVersion(release: "5.15") == KernelVersion(major: 5, minor: 15))
        #expect(KernelVersion(release: "unknown") == nil)
        #expect(KernelVersion(major: 6, minor: 11) < SliceRequest.firstKernel)
    }

    @Test func olderKernelsSkipCustomSlicesWithTheVersionNeeded() {
        let slices: [SliceRequest] = [.default, .nanoseconds(3_000_000), .nanoseconds(20_000_000)]
        let combined = WorkerScheduling.combinations(policies: [.other, .batch], slices: slices, kernelRelease: "6.6.30")
        #expect(combined.runs == [WorkerScheduling(policy: .other, slice: .default), WorkerScheduling(policy: .batch, slice: .default)])
        #expect(SchedulingSkipped.describe(combined.skipped, policies: [.other, .batch])
                == ["slice 3ms and slice 20ms (with every policy): custom slices need Linux 6.12 or later; this kernel is 6.6.30"])
    }

    @Test func idleTakesNoCustomSlice() {
        let combined = WorkerScheduling.combinations(policies: [.other, .idle], slices: [.default, .nanoseconds(20_000_000)],
                                                     kernelRelease: "6.18.44")
        #expect(combined.runs.map(\.label) == ["", "slice 20ms", "policy idle"])
        #expect(SchedulingSkipped.describe(combined.skipped, policies: [.other, .idle])
                == ["policy idle, slice 20ms: the kernel gives custom slices to policies other and batch only (SCHED_IDLE keeps the base slice)"])
    }

    @Test func everyPlacementIsCombinedWithEveryPolicyAndSlice() throws {
        var settings = SweepSettings()
        settings.threads = [2]
        settings.pins = [.none, .spread]
        settings.policies = [.other, .batch]
        settings.slices = [.default, .nanoseconds(3_000_000)]
        settings.models = [.threads, .tasks]
        settings.pins = [.none]
        let plan = try SweepPlan(settings: settings, topology: Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core"))),
                                 libnumaAvailable: true, kernelRelease: "6.18.44")
        #expect(plan.placements.map(\.scheduling.label) == ["", "slice 3ms", "policy batch", "policy batch, slice 3ms"])
        // Four threads series, one tasks series at the default.
        #expect(plan.series.count == 5)
        #expect(plan.skippedLines == ["model tasks with slice 3ms and policy batch and policy batch, slice 3ms: "
                                      + SchedulingSkipped.tasksReason])
        settings.slices = [.nanoseconds(3_000_000)]
        settings.policies = [.other]
        settings.models = [.threads]
        #expect(throws: UsageError("nothing to run: slice 3ms: custom slices need Linux 6.12 or later; this kernel is 6.1.0")) {
            try SweepPlan(settings: settings, topology: Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core"))),
                          libnumaAvailable: true, kernelRelease: "6.1.0")
        }
    }
}

/// The environment facts, read from fixture trees.
@Suite struct EnvironmentFactsTests {
    static func live(config: String?, source: String = "/proc/config.gz") -> EnvironmentFacts.Live {
        EnvironmentFacts.Live(kernelRelease: "6.18.44", kernelConfig: config, kernelConfigSource: source,
                              ownPolicy: "other", ownNice: 0, ownSliceNanoseconds: 1_400_000)
    }

    @Test func aTunedHostShowsGovernorBoostIsolationAndSchedExt() {
        let facts = EnvironmentFacts.read(files: SystemFiles(root: Fixtures.path("facts/tuned-host")), live: Self.live(config: nil,
            source: "the kernel configuration is not readable here"))
        #expect(facts.map(\.name) == EnvironmentFactName.allCases)
        #expect(facts[.governor]?.value == "performance")
        #expect(facts[.energyPerformancePreference]?.value == "balance_performance")
        #expect(facts[.boost]?.value == "off")
        #expect(facts[.smtControl]?.value == "on")
        #expect(facts[.isolatedCPUs]?.value == "2-7")
        #expect(facts[.nohzFullCPUs]?.value == "2-7")
        #expect(facts[.scheduler]?.value == "sched_ext: rusty")
        #expect(facts[.schedExt]?.value == "enabled (rusty)")
        #expect(facts[.baseSliceNanoseconds]?.value == "3000000")
        #expect(facts[.baseSliceNanoseconds]?.source == "/sys/kernel/debug/sched/base_slice_ns")
        #expect(facts[.preemption]?.value == "full")
        #expect(facts[.configHz]?.value == nil)
        #expect(facts[.configHz]?.shown == "not available here")
        #expect(facts[.configHz]?.source == "the kernel configuration is not readable here")
        #expect(facts[.mitigations]?.value == "1 mitigated, 1 not affected, vulnerable or unknown: mds")
        #expect(facts[.hypervisor]?.value == "none")
    }

    @Test func aGuestShowsTheHypervisorTheTickAndTheKernelsPreemption() throws {
        let root = Fixtures.path("facts/kvm-guest")
        let config = try Fixtures.text("facts/kvm-guest/boot/config-6.18.44")
        let facts = EnvironmentFacts.read(files: SystemFiles(root: root), live: Self.live(config: config))
        #expect(facts[.governor]?.value == nil)
        #expect(facts[.governor]?.source == "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor is not readable here")
        #expect(facts[.boost]?.value == nil)
        #expect(facts[.smtControl]?.value == "notsupported")
        #expect(facts[.isolatedCPUs]?.value == "none")
        #expect(facts[.nohzFullCPUs]?.value == "none")
        #expect(facts[.scheduler]?.value == "EEVDF")
        #expect(facts[.schedExt]?.value == nil)
        #expect(facts[.baseSliceNanoseconds]?.value == "1400000")
        #expect(facts[.preemption]?.value == "dynamic (default none)")
        #expect(facts[.configHz]?.value == "250")
        #expect(facts[.mitigations]?.value == "1 mitigated, 1 not affected")
        #expect(facts[.hypervisor]?.value == "QEMU Standard PC (Q35 + ICH9, 2009)")
        #expect(facts[.ownPolicy]?.value == "other")
        #expect(facts[.ownNice]?.value == "0")
    }

    @Test func kernelConfigLinesParse() {
        let values = EnvironmentFacts.kernelConfig("# CONFIG_HZ_100 is not set\nCONFIG_HZ=1000\nCONFIG_LOCALVERSION=\"-x\"\n")
        #expect(values == ["CONFIG_HZ": "1000", "CONFIG_LOCALVERSION": "-x"])
        #expect(EnvironmentFacts.scheduler(release: "6.5.0", extState: nil, extOps: nil).value == "CFS")
        #expect(EnvironmentFacts.scheduler(release: "6.6.0", extState: "disabled", extOps: nil).value == "EEVDF")
    }

    @Test func thisMachinesFactsAreReadOrSayWhyNot() {
        let facts = EnvironmentProbe.facts()
        #expect(facts.map(\.name) == EnvironmentFactName.allCases)
        #expect(facts.allSatisfy { !$0.source.isEmpty })
        #expect(facts[.ownPolicy]?.value == "other")
    }
}

/// Why the controller could not run at SCHED_FIFO, with what would allow it: a user needs the
/// capability, root in a cgroup without real-time run time needs the cgroup's budget.
@Suite struct ControllerPriorityTests {
    @Test func theRefusalSaysWhatWouldAllowIt() {
        #expect(ControllerPriority.refusal(errorNumber: EPERM, root: false)
                    == "Operation not permitted: run as root or grant CAP_SYS_NICE")
        #expect(ControllerPriority.refusal(errorNumber: EPERM, root: true).contains("cpu.rt_runtime_us is 0"))
        #expect(ControllerPriority.refusal(errorNumber: EINVAL, root: true) == "Invalid argument")
    }
}
