/// The x axis of one rendered chart: values to pixels, ticks and their labels.
struct XMapping {
    enum Kind {
        case log2(Log2Scale)
        case linear(LinearScale)
        case categories([String])
    }

    let kind: Kind
    let left: Double
    let right: Double

    /// Which x values the axis kind can place at all.
    static func placeable(_ axis: SVGChart.XAxis) -> (Double) -> Bool {
        switch axis {
        case .log2: { $0.isFinite && $0 > 0 }
        case .linear: { $0.isFinite }
        case .categories(let names): { $0.isFinite && $0 >= 0 && $0 < Double(names.count) && $0 == $0.rounded() }
        }
    }

    /// Bars need room beside the first and last values: a linear axis then spans half a unit more.
    init(_ axis: SVGChart.XAxis, covering values: [Double], left: Double, right: Double, includesBars: Bool) {
        self.left = left
        self.right = right
        switch axis {
        case .log2:
            kind = .log2(Log2Scale(covering: values, rangeStart: left, rangeEnd: right))
        case .linear:
            var covered = values
            if includesBars, let low = values.min(), let high = values.max() { covered += [low - 0.5, high + 0.5] }
            kind = .linear(LinearScale(covering: covered, rangeStart: left, rangeEnd: right, includesZero: true,
                                       targetTickCount: 8))
        case .categories(let names):
            kind = .categories(names)
        }
    }

    func position(_ x: Double) -> Double? {
        switch kind {
        case .log2(let scale): return scale.position(x)
        case .linear(let scale): return scale.position(x)
        case .categories(let names):
            guard !names.isEmpty, x.isFinite, x >= 0, x < Double(names.count) else { return nil }
            return left + (x.rounded() + 0.5) * (right - left) / Double(names.count)
        }
    }

    /// Pixels per slot: a category's width, one unit on a linear axis, a fixed width on log2.
    var bandWidth: Double {
        switch kind {
        case .log2: return 10
        case .linear(let scale):
            guard let zero = scale.position(0), let one = scale.position(1) else { return 1 }
            return abs(one - zero)
        case .categories(let names): return names.isEmpty ? 1 : (right - left) / Double(names.count)
        }
    }

    var drawsGrid: Bool {
        if case .categories = kind { return false }
        return true
    }

    func ticks() -> [(position: Double, label: String)] {
        switch kind {
        case .log2(let scale):
            return scale.ticks().compactMap { tick in scale.position(tick).map { ($0, Log2Scale.label(tick)) } }
        case .linear(let scale):
            return scale.ticks.compactMap { tick in scale.position(tick).map { ($0, scale.label(tick)) } }
        case .categories(let names):
            return names.indices.compactMap { index in position(Double(index)).map { ($0, names[index]) } }
        }
    }

    /// Where shading of "x > above" starts; nil when nothing of the axis lies past `above`.
    func shadeStart(above: Double) -> Double? {
        guard above.isFinite else { return nil }
        switch kind {
        case .log2(let scale):
            guard above < scale.upper else { return nil }
            return scale.position(max(above, scale.lower))
        case .linear(let scale):
            guard above < scale.upper else { return nil }
            return scale.position(max(above, scale.lower))
        case .categories:
            return nil
        }
    }
}
