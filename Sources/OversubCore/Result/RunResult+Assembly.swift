import Foundation

extension RunResult {
    /// The result of a sweep that ran (to its end or not): the environment as probed now, every
    /// measured point, the warnings the sweep shows and the plan's skipped placements. The CLI,
    /// tests and every command that measures build their results here.
    public static func assemble(plan: SweepPlan, outcome: SweepRunner.Outcome, switchCost: SwitchCostResult?,
                                topology: Topology, startTime: Date, commandLine: [String]) -> RunResult {
        assemble(plan: plan, outcome: outcome, switchCost: switchCost, topology: topology,
                 environment: environment(plan: plan, topology: topology, startTime: startTime, commandLine: commandLine))
    }

    /// The environment of a run, probed once at its start (checkpoints reuse it).
    public static func environment(plan: SweepPlan, topology: Topology, startTime: Date,
                                   commandLine: [String]) -> RunEnvironment {
        EnvironmentProbe.environment(
            topology: topology, config: plan.settings.effective(threads: plan.threadCounts, seed: plan.seed),
            startTime: startTime, commandLine: commandLine,
            controllerScheduling: controllerScheduling(models: plan.settings.models, outcome: .realtime))
    }

    /// As above with the environment given: the controller's scheduling is taken from `outcome`.
    public static func assemble(plan: SweepPlan, outcome: SweepRunner.Outcome, switchCost: SwitchCostResult?,
                                topology: Topology, environment: RunEnvironment, interruption: Interruption? = nil,
                                resumedAt: [String] = []) -> RunResult {
        var environment = environment
        environment.controllerScheduling = controllerScheduling(models: plan.settings.models,
                                                                outcome: outcome.controllerScheduling)
        if let counting = outcome.perfCounting { environment.perfCounting = counting }
        let warnings = RunWarning.collect(outcome: outcome, environment: environment)
            + plan.skippedLines.map(RunWarning.skippedPlacements)
            + NumaMemory.libnumaDisagreements(with: topology).map(RunWarning.libnumaDisagrees)
        return RunResult(environment: environment, points: outcome.points, warnings: warnings.map(\.description),
                         stopReason: outcome.stopReason, switchCost: switchCost,
                         skippedPlacements: plan.skippedPlacements.map(SkippedPlacement.init),
                         skippedScheduling: plan.skippedScheduling.map {
                             SkippedScheduling(policy: $0.scheduling.policy.description, slice: $0.scheduling.slice.description,
                                               model: $0.model, reason: $0.reason)
                         },
                         interruption: interruption, resumedAt: resumedAt)
    }

    /// How the measuring thread ran. The tasks model leaves it at normal priority: the pool's
    /// threads inherit the controller's policy.
    static func controllerScheduling(models: [ConcurrencyModel], outcome: ControllerPriority.Outcome) -> String {
        if models == [.tasks] {
            return "SCHED_OTHER (tasks model: the pool's threads inherit the controller's policy, so it stays normal)"
        }
        return outcome.description
            + (models.contains(.tasks) ? "; tasks model: SCHED_OTHER, so the pool's threads run at normal priority" : "")
    }
}
