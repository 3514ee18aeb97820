namespace PubSec.Dr;

/// <summary>What Export-DrReport writes: a self-contained HTML page, Markdown tables, or one JSON document.</summary>
public enum ReportFormat
{
    Html,
    Markdown,
    Json,
}
