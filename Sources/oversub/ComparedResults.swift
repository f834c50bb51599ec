import Dispatch
import Foundation
import OversubAnalysis
import OversubCore

/// The results `compare` reads: each file decoded with only what the analysis needs and
/// summarised, one file at a time per core, in the order given.
enum ComparedResults {
    static func load(_ files: [String], skipped: (String, String) -> Void) -> [ComparedResult] {
        let slots = Slots(count: files.count)
        // At most 8 files in flight: each is read whole, and a big machine has many cores.
        let workers = max(1, min(files.count, ProcessInfo.processInfo.activeProcessorCount, 8))
        // Files are handed out one by one, so a large one does not hold up a worker's share.
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                do throws(UsageError) {
                    slots.set(index, .success(ComparedResult(label: files[index],
                                                             result: try ResultFile.load(path: files[index], detail: .analysis))))
                } catch {
                    slots.set(index, .failure(error))
                }
            }
        }
        var results: [ComparedResult] = []
        for (file, outcome) in zip(files, slots.values) {
            switch outcome {
            case .success(let result): results.append(result)
            case .failure(let error): skipped(file, error.message)
            case nil: break
            }
        }
        return results
    }

    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<ComparedResult, UsageError>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<ComparedResult, UsageError>) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
