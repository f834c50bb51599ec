/// The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies. Ordered so
/// the first two series (blue, vermillion) differ in hue and lightness. Its yellow is left out:
/// on a white page it has a contrast of about 1.2:1 and a line in it all but disappears. Its
/// black is `currentColor`, the page's text colour, so it stays visible in dark mode too.
public enum Palette {
    public static let okabeIto: [String] = [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#E69F00", // orange
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "currentColor", // black in light mode, light grey in dark mode
    ]

    public static func color(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
