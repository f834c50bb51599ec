import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Sweep thread counts and write result.json, summary.json, points.csv and report.html.",
        discussion: """
            Without flags, runs the default profile (configs/default.yaml): spin workload, \
            1 to 64x the usable cores, 1 s windows, 3 repetitions, then a quick switch-cost probe. \
            Flags override a --config profile. Numbers are decimal (12, 0.5; not 0x10 or 1e3) and \
            a list names each item once, in flags and profiles alike. Ctrl-C, SIGTERM or SIGHUP \
            stop the run at once and write what was completed (exit 130, 143 or 129); result.json \
            is also rewritten after every completed visit, so a killed run keeps all but the visit \
            in progress. --resume finishes such a run.
            """
    )

    @Option(name: .long, help: ArgumentHelp("YAML profile to load (flags override it).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "Finish the interrupted run in this folder: on the same machine, with its settings, measure only what its "
            + "result.json lacks, then complete its files.", valueName: "folder"))
    var resume: String?

    @Flag(name: .long, help: "Replace a result already in --out (complete or not).")
    var force = false

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        do { _ = try sweep.overrides() } catch { throw ValidationError(error.message) }
        if resume != nil, output.out != nil {
            throw ValidationError("--resume writes into the folder it resumes: leave out --out")
        }
        if resume != nil, force {
            throw ValidationError("--resume keeps what the folder holds and --force replaces it: give one of them")
        }
    }

    func run() throws {
        let startTime = Date()
        let topology = EnvironmentProbe.topology()
        if let resume {
            try resumeRun(folder: resume, topology: topology, startTime: startTime)
            return
        }
        let plan = try SweepPlan(settings: try givenSettings(), topology: topology)
        let (folder, createdFolder, lock) = try output.claimFolder(startTime: startTime, force: force)
        defer { lock.release() }
        let session = AnalyzeSession(plan: plan, topology: topology, folder: folder, output: output,
                                     environment: RunResult.environment(plan: plan, topology: topology, startTime: startTime,
                                                                        commandLine: CommandLine.arguments))
        do {
            try session.measureAndWrite()
        } catch {
            // Only an empty folder goes: one holding data (or anything else) stays.
            lock.release()
            if createdFolder { OutputFiles.removeIfEmpty(folder) }
            throw error
        }
    }

    /// The defaults with the profile's values and then the flags' over them.
    func givenSettings() throws -> SweepSettings {
        try SweepSettings().applying(try profile()).applying(try sweep.overrides())
    }

    /// The profile's values, or none without --config.
    func profile() throws -> SweepSettings.Overrides {
        try config.map { path throws(UsageError) in try Profile.load(path: path) } ?? SweepSettings.Overrides()
    }

    func resumeRun(folder: String, topology: Topology, startTime: Date) throws {
        let path = folder + "/result.json"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageError("--resume '\(folder)' is not a folder: give the folder that holds the unfinished result.json")
        }
        let lock = try FolderLock(folder: folder)
        defer { lock.release() }
        let saved = try ResultFile.load(path: path)
        if saved.command != nil {
            throw UsageError("'\(folder)' holds a result of oversub run, which cannot be resumed: run its sweep again")
        }
        guard !saved.complete else {
            if !output.quiet { print("'\(folder)' holds a complete result: nothing to measure") }
            return
        }
        let settings = try ResumeCheck.settings(from: saved.environment.config)
        let plan = try SweepPlan(settings: settings, topology: topology)
        let environment = RunResult.environment(plan: plan, topology: topology, startTime: startTime,
                                                commandLine: CommandLine.arguments)
        if let difference = ResumeCheck.machineDifference(saved: saved.environment, current: environment) {
            throw UsageError("cannot resume '\(folder)' here: \(difference)")
        }
        guard plan.threadCounts == saved.environment.config.threads else {
            throw UsageError("cannot resume '\(folder)': it measured \(saved.environment.config.threads.map(String.init).joined(separator: ",")) "
                             + "threads, this machine's sweep would be \(plan.threadCounts.map(String.init).joined(separator: ","))")
        }
        // Only what was given now is compared: the saved settings with the profile's and the
        // flags' values over them must be the saved settings.
        let profile = try profile(), flags = try sweep.overrides()
        if profile != SweepSettings.Overrides() || flags != SweepSettings.Overrides() {
            let mixed = try settings.applying(profile).applying(flags)
            let mixedPlan = try SweepPlan(settings: mixed, topology: topology)
            if let difference = ResumeCheck.settingDifference(
                saved: saved.environment.config, given: mixed.effective(threads: mixedPlan.threadCounts, seed: mixed.seed),
                seedGiven: (flags.seed ?? profile.seed) != nil,
                maxMultiplierGiven: flags.maxMultiplier ?? profile.maxMultiplier) {
                throw UsageError("cannot resume '\(folder)' with these settings: \(difference); leave the flags out "
                                 + "to use the saved ones")
            }
        }
        if let misplaced = SweepRunner(plan: plan).misplaced(saved.points).first {
            throw UsageError("cannot resume '\(folder)': its \(misplaced.workload) point at \(misplaced.threads) threads "
                             + "(\(misplaced.model.rawValue), pin \(misplaced.pin), numa \(misplaced.numa)) has no single place "
                             + "in the sweep these settings give here")
        }
        if saved.skippedPlacements.count != plan.skippedPlacements.count {
            throw UsageError("cannot resume '\(folder)': it skipped \(saved.skippedPlacements.count) placement(s), this machine "
                             + "would skip \(plan.skippedPlacements.count)")
        }
        // The folder must still take the files (writable, free space).
        _ = try OutputFiles.prepareDirectory(folder, allowingLink: true)
        // The saved run's own record of when and how it started; this session is added to resumedAt.
        var resumedEnvironment = environment
        resumedEnvironment.startTime = saved.environment.startTime
        resumedEnvironment.commandLine = saved.environment.commandLine
        resumedEnvironment.config = saved.environment.config
        let session = AnalyzeSession(plan: plan, topology: topology, folder: folder, output: output,
                                     environment: resumedEnvironment, resumed: saved,
                                     resumedAt: saved.resumedAt + [EnvironmentProbe.isoTimestamp(startTime)])
        try session.measureAndWrite()
    }
}
