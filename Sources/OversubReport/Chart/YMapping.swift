/// The y axis of one rendered chart.
struct YMapping {
    enum Kind {
        case linear(LinearScale)
        case log10(Log10Scale)
    }

    let kind: Kind
    let style: ValueStyle
    let bottom: Double

    init(_ axis: SVGChart.YAxis, covering values: [Double], bottom: Double, top: Double, style: ValueStyle,
         includesZero: Bool) {
        self.style = style
        self.bottom = bottom
        switch axis {
        case .linear:
            kind = .linear(LinearScale(covering: values, rangeStart: bottom, rangeEnd: top, includesZero: includesZero))
        case .log10:
            kind = .log10(Log10Scale(covering: values, rangeStart: bottom, rangeEnd: top))
        }
    }

    func position(_ y: Double) -> Double? {
        switch kind {
        case .linear(let scale): scale.position(y)
        case .log10(let scale): scale.position(y)
        }
    }

    /// Where bars start: zero on a linear axis that holds it, else the bottom of the plot.
    var baseline: Double {
        switch kind {
        case .linear(let scale):
            guard scale.lower <= 0, scale.upper >= 0 else { return bottom }
            return scale.position(0) ?? bottom
        case .log10: return bottom
        }
    }

    func ticks() -> [(position: Double, label: String)] {
        switch kind {
        case .linear(let scale):
            return scale.ticks.compactMap { tick in
                scale.position(tick).map { ($0, style.tick(tick, step: scale.step, upper: max(abs(scale.lower), abs(scale.upper)))) }
            }
        case .log10(let scale):
            return scale.ticks().compactMap { tick in scale.position(tick).map { ($0, Log10Scale.label(tick, style: style)) } }
        }
    }
}
