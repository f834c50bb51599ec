extension SVGChart {
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double
        /// Error bar bounds; drawn when both are finite and differ.
        public var low: Double?
        public var high: Double?
        /// Hover text for the marker.
        public var label: String?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, label: String? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.label = label
        }
    }

    public enum LineStyle: Equatable, Sendable {
        case solid
        case dashed
        case dotted
    }

    /// How a series is drawn: a line through its points, or a bar from the axis to each value.
    public enum Mark: Equatable, Sendable {
        case line
        case bars
    }

    public struct Series: Equatable, Sendable {
        public var name: String
        public var points: [Point]
        public var style: LineStyle
        public var showsMarkers: Bool
        /// A CSS colour; nil takes the next Okabe–Ito colour.
        public var color: String?
        public var mark: Mark

        public init(name: String, points: [Point], style: LineStyle = .solid, showsMarkers: Bool = true,
                    color: String? = nil, mark: Mark = .line) {
            self.name = name
            self.points = points
            self.style = style
            self.showsMarkers = showsMarkers
            self.color = color
            self.mark = mark
        }
    }

    /// A vertical line across the plot at `x`, labelled at its top (e.g. "2 cores").
    public struct VerticalMarker: Equatable, Sendable {
        public var x: Double
        public var label: String

        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// Shades the plot where x > `above`; `label` appears in the legend.
    public struct ShadedRegion: Equatable, Sendable {
        public var above: Double
        public var label: String

        public init(above: Double, label: String) {
            self.above = above
            self.label = label
        }
    }

    /// A horizontal dashed line across the plot at `y`, labelled at its right end (e.g. "fair
    /// share"). It is a reference, not data: it stays out of the chart's table.
    public struct ReferenceLine: Equatable, Sendable {
        public var y: Double
        public var label: String

        public init(y: Double, label: String) {
            self.y = y
            self.label = label
        }
    }

    /// A ring around one point with a short label beside it (e.g. "knee").
    public struct Annotation: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public enum XAxis: Equatable, Sendable {
        /// Powers of two, for thread counts.
        case log2
        /// Nice linear ticks, for time or ranks.
        case linear
        /// One slot per name; a point's x is the index of its category (0, 1, …).
        case categories([String])
    }

    public enum YAxis: Equatable, Sendable {
        case linear
        /// Powers of ten, for figures that span decades.
        case log10
    }

    public struct Chart: Equatable, Sendable {
        /// The accessible name of the figure.
        public var title: String
        /// Axis titles, with units, e.g. "throughput (ops/s)".
        public var xAxisTitle: String
        public var yAxisTitle: String
        public var series: [Series]
        public var marker: VerticalMarker?
        public var shadedRegion: ShadedRegion?
        /// x values the axis spans besides the points', e.g. every thread count of a sweep, so
        /// charts shown one above the other share their x axis.
        public var xAxisCovers: [Double]
        /// Size of the plot and axes; the legend adds rows below.
        public var width: Double
        public var height: Double
        /// Shown in the plot when no point can be drawn.
        public var emptyMessage: String
        public var xAxis: XAxis
        public var yAxis: YAxis
        /// How y values read on the axis and in the chart's table.
        public var yStyle: ValueStyle
        /// Whether a linear y axis starts at zero.
        public var yIncludesZero: Bool
        public var annotations: [Annotation]
        public var referenceLine: ReferenceLine?

        public init(title: String, xAxisTitle: String, yAxisTitle: String, series: [Series],
                    marker: VerticalMarker? = nil, shadedRegion: ShadedRegion? = nil, xAxisCovers: [Double] = [],
                    width: Double = 720, height: Double = 340, emptyMessage: String = "no data",
                    xAxis: XAxis = .log2, yAxis: YAxis = .linear, yStyle: ValueStyle = .number,
                    yIncludesZero: Bool = true, annotations: [Annotation] = [], referenceLine: ReferenceLine? = nil) {
            self.title = title
            self.xAxisTitle = xAxisTitle
            self.yAxisTitle = yAxisTitle
            self.series = series
            self.marker = marker
            self.shadedRegion = shadedRegion
            self.xAxisCovers = xAxisCovers
            self.width = width
            self.height = height
            self.emptyMessage = emptyMessage
            self.xAxis = xAxis
            self.yAxis = yAxis
            self.yStyle = yStyle
            self.yIncludesZero = yIncludesZero
            self.annotations = annotations
            self.referenceLine = referenceLine
        }
    }
}
