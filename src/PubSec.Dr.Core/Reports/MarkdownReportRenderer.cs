using System.Text;

namespace PubSec.Dr.Reports;

/// <summary>
/// The report as Markdown: the HTML's sections as headings and tables, each chart as the table of its figures.
/// Every text is escaped so a name cannot break a table (|) or become markup or HTML (&lt;script&gt;).
/// </summary>
public static class MarkdownReportRenderer
{
    public static string Render(ReportModel model)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(model.Title)).Append("\n\n")
          .Append("Generated ").Append(Escape(ReportText.Time(model.GeneratedAt))).Append(" by Export-DrReport (PubSecDr). Times are UTC.\n");
        foreach (var section in ReportLayout.Build(model))
        {
            md.Append("\n## ").Append(Escape(section.Heading)).Append('\n');
            foreach (var block in section.Blocks)
            {
                Block(md, block);
            }
        }

        return md.ToString();
    }

    private static void Block(StringBuilder md, ReportBlock block)
    {
        if (block.Heading is not null)
        {
            md.Append("\n### ").Append(Escape(block.Heading));
            if (block.Verdict is not null)
            {
                md.Append(": ").Append(Cell(new ReportCell(block.Verdict, block.Tone)));
            }

            md.Append('\n');
        }

        if (block.Facts.Count > 0)
        {
            md.Append('\n');
            foreach (var (name, value) in block.Facts)
            {
                md.Append("- ").Append(Escape(name)).Append(": ").Append(Cell(value)).Append('\n');
            }
        }

        if (block.ChartTable is not null)
        {
            Table(md, block.ChartTable);
        }

        foreach (var table in block.Tables)
        {
            Table(md, table);
        }
    }

    private static void Table(StringBuilder md, ReportTable table)
    {
        md.Append("\n**").Append(Escape(table.Caption)).Append("**");
        if (table.Rows.Count == 0)
        {
            md.Append(": none.\n");
            return;
        }

        md.Append("\n\n| ").Append(string.Join(" | ", table.Columns.Select(Escape))).Append(" |\n|")
          .Append(string.Concat(Enumerable.Repeat(" --- |", table.Columns.Count))).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Cells.Select(Cell))).Append(" |\n");
        }
    }

    // A bad verdict is bold as well as written in capitals; Markdown has no colour.
    private static string Cell(ReportCell cell) =>
        cell.Tone == VerdictTone.Bad && cell.Text.Length > 0 ? "**" + Escape(cell.Text) + "**" : Escape(cell.Text);

    /// <summary>Backslash-escapes Markdown's punctuation and the table separator; &lt; and &gt; become entities so no HTML passes through; line breaks become spaces (a cell is one line).</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '#': sb.Append('\\').Append(c); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r': break;
                case '\n': sb.Append(' '); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}
