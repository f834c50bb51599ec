import Foundation

extension RunResult {
    /// The result of a sweep that ran (to its end or not): the environment as probed now, every
    /// measured point, the warnings the sweep shows and the plan's skipped placements. The CLI,
    /// tests and every command that measures build their results here.
    public static func assemble(plan: SweepPlan, outcome: SweepRunner.Outcome, switchCost: SwitchCostResult?,
                                topology: Topology, startTime: Date, commandLine: [String]) -> RunResult {
        let settings = plan.settings
        let environment = EnvironmentProbe.environment(
            topology: topology, config: settings.effective(threads: plan.threadCounts, seed: plan.seed), startTime: startTime,
            commandLine: commandLine,
            controllerScheduling: controllerScheduling(models: settings.models, outcome: outcome.controllerScheduling))
        let warnings = RunWarning.collect(outcome: outcome, environment: environment)
            + PlacementSkipped.describe(plan.skippedPlacements, pins: settings.pins).map(RunWarning.skippedPlacements)
            + NumaMemory.libnumaDisagreements(with: topology).map(RunWarning.libnumaDisagrees)
        return RunResult(environment: environment, points: outcome.points, warnings: warnings.map(\.description),
                         stopReason: outcome.stopReason, switchCost: switchCost,
                         skippedPlacements: plan.skippedPlacements.map {
                             SkippedPlacement(pin: $0.pin.description, numa: $0.numa.description, reason: $0.reason)
                         })
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
