namespace PubSec.Dr.Reports;

/// <summary>
/// The page's only stylesheet, inline. Dark text on light backgrounds everywhere (a verdict is a coloured word in
/// a coloured frame, not white on colour), so the page reads the same printed in black and white; print rules keep
/// tables and charts whole and drop the navigation.
/// </summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 24px auto; max-width: 1180px; padding: 0 16px; line-height: 1.4; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { border-bottom: 2px solid #1565c0; padding-bottom: 4px; margin-top: 32px; }
        h3 { margin: 4px 0 8px; font-size: 1.1em; }
        .meta { color: #555; margin: 0 0 8px; }
        nav a { margin-right: 14px; color: #1565c0; }
        article { border: 1px solid #d0d7de; border-left: 6px solid #90a4ae; padding: 8px 16px 12px; margin: 16px 0; border-radius: 4px; }
        article.tone-good { border-left-color: #2e7d32; }
        article.tone-warn { border-left-color: #b26a00; }
        article.tone-bad { border-left-color: #c62828; }
        .verdict { display: inline-block; padding: 0 8px; border: 2px solid currentColor; border-radius: 10px; font-size: .85em; font-weight: 700; background: #fff; vertical-align: middle; margin-left: 8px; }
        .tone-good { color: #2e7d32; }
        .tone-warn { color: #b26a00; }
        .tone-bad { color: #c62828; }
        span.tone-good, span.tone-warn, span.tone-bad { font-weight: 700; }
        article.tone-good, article.tone-warn, article.tone-bad { color: inherit; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 12px; }
        dt { font-weight: 600; color: #444; }
        dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 16px; font-size: .88em; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border: 1px solid #c8ced4; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eef2f6; }
        tr.row-bad td { background: #fdecea; }
        tr.row-bad td:first-child { border-left: 4px solid #c62828; font-weight: 700; }
        tr.row-warn td { background: #fff5e1; }
        p.none { color: #666; font-style: italic; }
        figure { margin: 8px 0 12px; }
        svg.chart { max-width: 100%; height: auto; }
        footer { color: #666; font-size: .85em; margin-top: 32px; border-top: 1px solid #ddd; padding-top: 8px; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; padding: 0; }
          nav { display: none; }
          article, figure, tr { break-inside: avoid; }
          h2, h3, caption { break-after: avoid; }
          thead { display: table-header-group; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
