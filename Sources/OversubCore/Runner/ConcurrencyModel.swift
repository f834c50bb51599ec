/// How the concurrent tasks of a point are run.
public enum ConcurrencyModel: String, CaseIterable, Codable, Sendable {
    /// One pthread per concurrent task: the kernel schedules them (a thread per virtual user).
    case threads
    /// Swift structured-concurrency child tasks on the cooperative pool, whose width is about the
    /// core count: the runtime multiplexes them (lightweight tasks, like goroutines or greenlets).
    /// Each task yields after every batch; a task that blocks holds its pool thread.
    case tasks

    /// One of the concurrent units this model runs: "thread" or "task".
    public var unit: String {
        switch self {
        case .threads: "thread"
        case .tasks: "task"
        }
    }

    public static func parseList(_ text: String) throws(UsageError) -> [ConcurrencyModel] {
        var models: [ConcurrencyModel] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let model = ConcurrencyModel(rawValue: item.trimmingWhitespace()) else {
                throw UsageError("unknown model '\(item)' in '\(text)': use threads, tasks or threads,tasks")
            }
            guard !models.contains(model) else { throw SettingValue.listedTwice("model", "'\(model.rawValue)'", in: text) }
            models.append(model)
        }
        return models
    }
}
