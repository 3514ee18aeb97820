namespace PubSec.Dr.Reports;

/// <summary>One cell: plain text (renderers escape it), coloured by a tone when it states a verdict.</summary>
public sealed record ReportCell(string Text, VerdictTone? Tone = null)
{
    public static implicit operator ReportCell(string text) => new(text);
}

/// <summary>One row; Highlight marks a failed row (a failed check, a failed step) for the HTML.</summary>
public sealed record ReportRow(IReadOnlyList<ReportCell> Cells, VerdictTone? Highlight = null);

public sealed class ReportTable
{
    public string Caption { get; init; } = string.Empty;

    public IReadOnlyList<string> Columns { get; init; } = [];

    public List<ReportRow> Rows { get; } = [];

    public void Add(VerdictTone? highlight, params ReportCell[] cells) => Rows.Add(new ReportRow(cells, highlight));

    public void Add(params ReportCell[] cells) => Rows.Add(new ReportRow(cells));
}

/// <summary>
/// One titled part of a section (a drill, a failover, an integrity report): its verdict in words and tone, key
/// facts, a chart (SVG, drawn by the HTML) with the same figures as a table (what Markdown shows instead), tables.
/// </summary>
public sealed class ReportBlock
{
    public string? Heading { get; init; }

    public string? Verdict { get; init; }

    public VerdictTone Tone { get; init; }

    public List<(string Name, ReportCell Value)> Facts { get; } = [];

    public string? Chart { get; init; }

    public ReportTable? ChartTable { get; init; }

    public List<ReportTable> Tables { get; } = [];
}

/// <summary>A top-level part of the report; the HTML and Markdown renderers walk the same list.</summary>
public sealed class ReportSection
{
    public string Id { get; init; } = string.Empty;

    public string Heading { get; init; } = string.Empty;

    public List<ReportBlock> Blocks { get; } = [];
}
