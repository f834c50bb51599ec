/// YAML profiles: the keys of `configs/*.yaml` with values right and wrong, in every YAML shape a
/// hand-edited file might take (flow and block lists, nested mappings, anchors, tags, several
/// documents, duplicate keys, tabs, deep nesting), then sometimes damaged as text.
enum ProfileGrammar {
    static func profile(_ random: inout FuzzRandom) -> String {
        var text = random.chance(1, in: 10) ? random.pick(["---\n", "%YAML 1.1\n---\n", "\u{FEFF}", "# profile\n"]) : ""
        for _ in 0..<random.int(in: 0...5) { text += entry(&random) }
        switch random.below(14) {
        case 0: text += "---\n" + entry(&random)
        case 1: text += String(repeating: random.pick(["[", "{", "- "]), count: random.pick([50, 200, 2000, 20000])) + "\n"
        case 2: text = OddText.mutate(text, &random)
        case 3: text += random.pick(["&a threads: [1]\n", "threads: *nope\n", "a: &x [1, *x]\n", "<<: {threads: [1]}\n",
                                     "? [1, 2]\n: 3\n", "!!python/object:os.system ls\n", "threads: !!binary aGVsbG8=\n",
                                     "\tthreads: [1]\n", "threads: [1]\nthreads: [2]\n", "1: 2\n", "null: 1\n", "\"threads\": \"1\"\n",
                                     "threads: |\n  1,2\n", "threads: >\n  1\n  2\n", "threads: '1,\n  2'\n"])
        default: break
        }
        return text
    }

    static func entry(_ random: inout FuzzRandom) -> String {
        let key = random.chance(1, in: 12) ? random.pick(["speed", "Threads", "threads ", "", "stack_kib", "out", "config"])
            : random.pick(ArgumentGrammar.settings)
        let value: String
        switch random.below(8) {
        case 0, 1, 2: value = " " + scalar(ArgumentGrammar.value(for: key, &random), &random)
        case 3:
            let items = ArgumentGrammar.value(for: key, &random).split(separator: ",", omittingEmptySubsequences: false)
            value = " [" + items.map { scalar(String($0), &random) }.joined(separator: ", ") + "]"
        case 4:
            let items = ArgumentGrammar.value(for: key, &random).split(separator: ",", omittingEmptySubsequences: false)
            value = "\n" + items.map { "  - " + scalar(String($0), &random) }.joined(separator: "\n")
        case 5: value = random.pick([" {a: 1}", "\n  nested: 1", " []", " [[1, 2]]", " [{a: 1}]", " ~", " null", ""])
        case 6: value = " " + scalar(OddText.any(&random), &random)
        default: value = " " + random.pick(["yes", "no", "on", "true", "1_000", "0x10", "0o17", ".inf", "-.inf", ".nan", "1e400",
                                            "2001-12-14", "!!int 3", "!!str 3", "&anchor 3", "*anchor"])
        }
        return key + ":" + value + "\n"
    }

    /// A YAML scalar: plain, single- or double-quoted (escaping what the quotes need).
    static func scalar(_ text: String, _ random: inout FuzzRandom) -> String {
        switch random.below(4) {
        case 0: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case 1:
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        default: return text
        }
    }
}
