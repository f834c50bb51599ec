import Foundation

/// `result.json`: encoding, decoding and finding saved results. Writing is `OutputFiles`'.
public enum ResultFile {
    public static func encode(_ result: RunResult) throws -> Data {
        var data = try JSONOutput.encode(result)
        data.append(0x0A)
        return data
    }

    /// How much of each worker's record to read.
    public enum Detail: Sendable {
        /// Everything, as written.
        case full
        /// Of each worker only its index, ops and requested CPUs (what the analysis of a point
        /// reads), the rest null: `compare` reads many results, and per-thread records are most
        /// of a result's size.
        case analysis
    }

    /// Reads a saved result; every failure is one line naming the file.
    public static func load(path: String, detail: Detail = .full) throws(UsageError) -> RunResult {
        let data = Data(try readUserFile(atPath: path, what: "result", maxBytes: 1 << 30))
        let decoder = JSONDecoder()
        if detail == .analysis { decoder.userInfo[ThreadFigures.analysisOnly] = true }
        let result: RunResult
        do {
            // One parse: the version is checked first inside it.
            result = try decoder.decode(Versioned.self, from: data).result
        } catch let error as UnreadableVersion {
            throw UsageError("'\(path)' has schemaVersion \(error.found.map(String.init) ?? "missing"); "
                             + "this oversub reads 1 to \(RunResult.currentSchemaVersion)")
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            if let problem = JSONSyntax.problem(in: data) { throw UsageError("'\(path)' is not valid JSON: \(problem)") }
            throw UsageError("'\(path)' is not a JSON result of oversub")
        } catch let DecodingError.keyNotFound(key, context) {
            throw UsageError("'\(path)' is missing '\(key.stringValue)' at \(describe(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw UsageError("'\(path)' has a wrong value at \(describe(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw UsageError("'\(path)' has a wrong value at \(describe(context.codingPath)): \(context.debugDescription)")
        } catch {
            // Foundation's decoder reports every syntax error as "not valid JSON", without where.
            if let problem = JSONSyntax.problem(in: data) { throw UsageError("'\(path)' is not valid JSON: \(problem)") }
            throw UsageError("'\(path)' cannot be read as an oversub result: a number does not fit its field "
                             + "(counts are whole numbers from -9223372036854775808 to 9223372036854775807)")
        }
        try validate(result, path: path)
        return result
    }

    /// A result whose `schemaVersion` is read and checked before anything else is decoded.
    struct Versioned: Decodable {
        var result: RunResult
        enum Key: String, CodingKey { case schemaVersion }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let version = try? container.decodeIfPresent(Int.self, forKey: .schemaVersion)
            if version == nil, container.contains(.schemaVersion), (try? container.decodeNil(forKey: .schemaVersion)) != true {
                // Present but not a whole number: not something oversub wrote.
                throw DecodingError.typeMismatch(Int.self, .init(codingPath: [], debugDescription: "schemaVersion"))
            }
            guard let version, (1...RunResult.currentSchemaVersion).contains(version) else {
                throw UnreadableVersion(found: version)
            }
            result = try RunResult(from: decoder)
        }
    }

    struct UnreadableVersion: Error { var found: Int? }

    /// Values no run can produce, which would make the analysis divide by zero or never end.
    static func validate(_ result: RunResult, path: String) throws(UsageError) {
        guard (1...(CPUList.highestCPU + 1)).contains(result.environment.usableCores) else {
            throw UsageError("'\(path)' has usableCores \(result.environment.usableCores); a result has 1 to \(CPUList.highestCPU + 1)")
        }
        guard result.complete == (result.interruption == nil) else {
            throw UsageError("'\(path)' has complete \(result.complete) "
                             + (result.complete ? "with an interruption" : "without an interruption saying why"))
        }
        if let interruption = result.interruption {
            guard interruption.visitsPlanned >= 0, (0...interruption.visitsPlanned).contains(interruption.visitsDone) else {
                throw UsageError("'\(path)' has \(interruption.visitsDone) of \(interruption.visitsPlanned) visits done; "
                                 + "done must be 0 to the visits planned")
            }
        }
        for point in result.points {
            guard (1...ThreadCounts.maximum).contains(point.threads) else {
                throw UsageError("'\(path)' has a point with \(point.threads) threads; a result has 1 to \(ThreadCounts.maximum)")
            }
            if let cores = point.cores, !(1...(CPUList.highestCPU + 1)).contains(cores) {
                throw UsageError("'\(path)' has a point at \(point.threads) threads on \(cores) cores; a point has 1 to "
                                 + "\(CPUList.highestCPU + 1)")
            }
            for repetition in point.repetitions {
                guard repetition.seconds > 0, repetition.seconds.isFinite, repetition.opsPerSecond.isFinite,
                      repetition.opsPerSecond >= 0, repetition.ops >= 0 else {
                    throw UsageError("'\(path)' has a window of \(repetition.seconds) s and \(repetition.ops) ops at "
                                     + "\(point.threads) threads; windows must be longer than 0 with ops not negative")
                }
                let indices = repetition.perThread.map(\.index)
                guard indices.allSatisfy({ (0..<point.threads).contains($0) }), Set(indices).count == indices.count,
                      repetition.perThread.allSatisfy({ $0.ops >= 0 }) else {
                    throw UsageError("'\(path)' has per-thread figures at \(point.threads) threads whose indices are not "
                                     + "unique and within 0..<\(point.threads), or whose ops are negative")
                }
                if let latency = repetition.latency {
                    let values = [latency.p50Nanoseconds, latency.p90Nanoseconds, latency.p99Nanoseconds,
                                  latency.p999Nanoseconds, latency.maxNanoseconds]
                    guard values.allSatisfy({ (0...LatencyRecording.highestNanoseconds).contains($0) }) else {
                        throw UsageError("'\(path)' has latency values outside 0 to \(LatencyRecording.highestNanoseconds) ns "
                                         + "at \(point.threads) threads")
                    }
                }
            }
        }
    }

    /// Files as given, and every result.json below each folder given, in a stable order.
    public static func find(_ inputs: [String]) throws(UsageError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw UsageError("'\(input)' does not exist: give result.json files or folders holding them")
            }
            if isDirectory.boolValue {
                let found = (manager.enumerator(atPath: input)?.compactMap { $0 as? String } ?? [])
                    .filter { $0 == "result.json" || $0.hasSuffix("/result.json") }
                    .sorted()
                    .map { input.hasSuffix("/") ? input + $0 : input + "/" + $0 }
                guard !found.isEmpty else { throw UsageError("no result.json below '\(input)'") }
                files += found
            } else {
                files.append(input)
            }
        }
        // The same file twice (given twice, or through a folder and by name) is one result.
        var seen: [String: String] = [:]
        for file in files {
            let key = realpath(file, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? file
            if let earlier = seen[key] {
                throw UsageError(earlier == file ? "result '\(file)' is listed twice: give each once"
                                 : "result '\(file)' is listed twice (also as '\(earlier)'): give each once")
            }
            seen[key] = file
        }
        return files
    }

    private static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level"
            : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}
