/// The start of every page, through `</head>`: the report and the compare page share one
/// Content-Security-Policy and one set of meta tags, so neither page can loosen them alone.
enum PageHead {
    /// The browser fetches nothing for this page, whatever it contains: no scripts at all, inline
    /// styles only, no images, fonts, frames or connections (the meta element covers file://).
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

    /// `title` is plain text, escaped here; `style` is the page's whole style sheet.
    static func render(title: String, style: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title>\(escapeHTML(title))</title>
        <style>
        \(style)
        </style>
        </head>

        """
    }
}
