#if canImport(Glibc)
import Glibc
#endif

/// What an output folder already holds, checked before anything is measured into it: a complete
/// result is not replaced without `--force`, an interrupted one is resumed or forced.
public enum ExistingResult {
    /// Throws when `folder/result.json` is a file and `force` is off.
    public static func refuseOverwrite(in folder: String, force: Bool) throws(UsageError) {
        let path = folder + "/result.json"
        var info = stat()
        // A link planted there is replaced, never followed, and a folder there is a write failure
        // that keeps the data (OutputFiles); only a file can be an earlier result.
        guard !force, lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        let saved: RunResult
        do {
            saved = try ResultFile.load(path: path)
        } catch {
            throw UsageError("'\(path)' already exists and this oversub cannot read it (\(error.message)): give another "
                             + "--out, or --force to replace it")
        }
        if let interruption = saved.interruption, !saved.complete {
            throw UsageError("'\(folder)' holds an unfinished run (\(interruption.visitsDone) of "
                             + "\(interruption.visitsPlanned) visits): finish it with --resume '\(folder)', or --force to start over")
        }
        throw UsageError("'\(folder)' already holds a complete result (started \(saved.environment.startTime)): give "
                         + "another --out, or --force to replace it")
    }
}
