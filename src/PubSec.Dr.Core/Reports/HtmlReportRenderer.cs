using System.Net;
using System.Text;

namespace PubSec.Dr.Reports;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and SVG, no script, no URL to fetch (a Content Security
/// Policy forbids any, should a future edit add one), every text HTML-escaped, verdicts coloured and written.
/// </summary>
public static class HtmlReportRenderer
{
    public static string Render(ReportModel model)
    {
        var sections = ReportLayout.Build(model);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(model.Title)).Append("</title>\n<style>\n").Append(HtmlReportStyle.Css).Append("\n</style>\n</head>\n<body>\n")
            .Append("<header>\n<h1>").Append(E(model.Title)).Append("</h1>\n<p class=\"meta\">Generated ")
            .Append(E(ReportText.Time(model.GeneratedAt))).Append(" by Export-DrReport (PubSecDr).</p>\n<nav>");
        foreach (var section in sections)
        {
            html.Append("<a href=\"#").Append(E(section.Id)).Append("\">").Append(E(section.Heading)).Append("</a>");
        }

        html.Append("</nav>\n</header>\n<main>\n");
        foreach (var section in sections)
        {
            html.Append("<section id=\"").Append(E(section.Id)).Append("\">\n<h2>").Append(E(section.Heading)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                Block(html, block);
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n<footer>Times are UTC. Colours repeat what the words say: ")
            .Append("<span class=\"tone-good\">passed / within target</span>, <span class=\"tone-warn\">within the maximum / attention</span>, ")
            .Append("<span class=\"tone-bad\">FAILED / not met</span>.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Block(StringBuilder html, ReportBlock block)
    {
        html.Append("<article class=\"").Append(block.Verdict is null ? "plain" : Tone(block.Tone)).Append("\">\n");
        if (block.Heading is not null)
        {
            html.Append("<h3>").Append(E(block.Heading));
            if (block.Verdict is not null)
            {
                html.Append("<span class=\"verdict ").Append(Tone(block.Tone)).Append("\">").Append(E(block.Verdict)).Append("</span>");
            }

            html.Append("</h3>\n");
        }

        if (block.Facts.Count > 0)
        {
            html.Append("<dl class=\"facts\">");
            foreach (var (name, value) in block.Facts)
            {
                html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(Cell(value)).Append("</dd>");
            }

            html.Append("</dl>\n");
        }

        if (block.Chart is not null)
        {
            html.Append("<figure>").Append(block.Chart).Append("</figure>\n");
        }

        foreach (var table in block.Tables)
        {
            Table(html, table);
        }

        html.Append("</article>\n");
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        if (table.Rows.Count == 0)
        {
            html.Append("<p class=\"none\">").Append(E(table.Caption)).Append(": none.</p>\n");
            return;
        }

        html.Append("<table>\n<caption>").Append(E(table.Caption)).Append("</caption>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append(row.Highlight switch
            {
                VerdictTone.Bad => "<tr class=\"row-bad\">",
                VerdictTone.Warn => "<tr class=\"row-warn\">",
                _ => "<tr>",
            });
            foreach (var cell in row.Cells)
            {
                html.Append("<td>").Append(Cell(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Cell(ReportCell cell) => cell.Tone is { } tone and not VerdictTone.Neutral
        ? $"<span class=\"{Tone(tone)}\">{E(cell.Text)}</span>"
        : E(cell.Text);

    private static string Tone(VerdictTone tone) => "tone-" + tone.ToString().ToLowerInvariant();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
