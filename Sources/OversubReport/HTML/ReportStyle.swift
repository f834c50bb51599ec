/// The report's inline style sheet: light and dark colours from `prefers-color-scheme`, light
/// colours and no page-breaks inside figures and tables when printed (closed data tables and
/// the contents list are left out of print). A chart point's hover ring is a wide transparent
/// stroke, shown on `:hover`: it also widens the area that shows the point's `<title>`. It holds no `<` or `&`, so
/// the page also parses as XML.
enum ReportStyle {
    static let css = """
    :root {
      color-scheme: light dark;
      --fg: #1b1b1b; --bg: #ffffff; --muted: #5a5a5a; --rule: #d4d4d4; --stripe: #f6f6f6;
      --core-row: #e8f1f8; --warn-bg: #fff4e0; --warn-fg: #6b3a00; --warn-rule: #e69f00; --link: #0063a0;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --fg: #e4e4e4; --bg: #161616; --muted: #a6a6a6; --rule: #3a3a3a; --stripe: #1e1e1e;
        --core-row: #1a2b3a; --warn-bg: #33260f; --warn-fg: #ffd9a0; --warn-rule: #e69f00; --link: #7cc4f0;
      }
    }
    * { box-sizing: border-box; }
    body {
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: var(--fg); background: var(--bg);
      max-width: 64rem; margin: 2rem auto; padding: 0 1rem;
    }
    h1 { font-size: 1.6rem; margin: 0 0 0.2rem; overflow-wrap: anywhere; }
    h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
    h3 { font-size: 1.05rem; margin: 1.6rem 0 0.4rem; }
    dl.machine { display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem; margin: 0.6rem 0 0; font-size: 0.9rem; }
    dl.machine div { display: flex; gap: 0.4rem; }
    dl.machine dt { color: var(--muted); }
    dl.machine dd { margin: 0; overflow-wrap: anywhere; }
    nav.contents ol { display: flex; flex-wrap: wrap; gap: 0.2rem 1.2rem; padding: 0; margin: 1rem 0;
      list-style: none; font-size: 0.9rem; }
    a { color: var(--link); }
    details.data { margin: -0.4rem 0 1.2rem; font-size: 0.9rem; }
    details.data summary { cursor: pointer; color: var(--muted); }
    details.data table { margin-top: 0.4rem; }
    pre.command { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--stripe); padding: 0.5rem 0.7rem; }
    .meta { color: var(--muted); margin: 0; }
    .headline { font-size: 1.15rem; margin: 1.2rem 0; }
    .incomplete { border: 2px solid currentColor; padding: 0.3rem 0.8rem; margin: 1rem 0; }
    .verdict { border-left: 4px solid currentColor; padding: 0.3rem 0.8rem; margin: 1rem 0; }
    .verdict ul { margin: 0; padding-left: 1.2rem; font-weight: 600; }
    .verdict .criteria { margin: 0.3rem 0 0; font-size: 0.85rem; }
    .warnings { background: var(--warn-bg); color: var(--warn-fg); border-left: 4px solid var(--warn-rule);
      padding: 0.6rem 1rem; margin: 1rem 0; }
    .warnings h2 { border: 0; margin: 0 0 0.3rem; font-size: 1rem; }
    .warnings ul { margin: 0; padding-left: 1.2rem; }
    figure { margin: 1rem 0; }
    figcaption { color: var(--muted); font-size: 0.9rem; }
    svg.chart { display: block; width: 100%; max-width: 720px; height: auto; color: var(--fg); }
    svg.chart .label { paint-order: stroke; stroke: var(--bg); stroke-width: 3px; stroke-linejoin: round; }
    svg.chart .point { stroke-width: 10px; stroke-opacity: 0; }
    svg.chart .point:hover { stroke-opacity: 0.35; }
    svg.chart .bar:hover { fill-opacity: 0.7; }
    .table-scroll { overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid var(--rule); white-space: nowrap; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tbody tr:nth-child(even) { background: var(--stripe); }
    tbody tr.cores { background: var(--core-row); }
    .badge { font-size: 0.75rem; font-weight: normal; border: 1px solid currentColor; border-radius: 0.6rem;
      padding: 0 0.35rem; margin-left: 0.3rem; }
    table.environment th { font-weight: 600; white-space: nowrap; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem;
      overflow-wrap: anywhere; }
    .method { max-width: 48rem; }
    @media print {
      :root {
        color-scheme: light;
        --fg: #000000; --bg: #ffffff; --muted: #444444; --rule: #bbbbbb; --stripe: #ffffff;
        --core-row: #eeeeee; --warn-bg: #ffffff; --warn-fg: #000000; --warn-rule: #000000; --link: #000000;
      }
      nav.contents, details.data:not([open]) { display: none; }
      pre.command { background: none; padding: 0; }
      body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
      .table-scroll { overflow: visible; }
      figure, table, .warnings, tr, dl.machine { break-inside: avoid; page-break-inside: avoid; }
      svg.chart { max-width: 100%; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
    }
    """
}
