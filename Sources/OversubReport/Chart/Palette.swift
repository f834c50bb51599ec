/// The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies, and
/// readable on both a light and a dark background. Ordered so the first two series (blue,
/// vermillion) differ in hue and lightness. Black is left out: it vanishes in dark mode.
public enum Palette {
    public static let okabeIto: [String] = [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#E69F00", // orange
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "#F0E442", // yellow
    ]

    public static func color(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
