extension Array {
    /// The elements grouped by `key`, groups in the order their first element comes, each group
    /// in order: how skipped combinations are described, one clause per reason.
    func grouped(by key: (Element) -> String) -> [(key: String, elements: [Element])] {
        var keys: [String] = []
        var groups: [String: [Element]] = [:]
        for element in self {
            let name = key(element)
            if groups[name] == nil { keys.append(name) }
            groups[name, default: []].append(element)
        }
        return keys.map { ($0, groups[$0]!) }
    }
}
