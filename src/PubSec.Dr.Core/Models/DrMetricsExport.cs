namespace PubSec.Dr;

/// <summary>What Export-DrMetrics wrote (PSTypeName PubSec.Dr.DrMetricsExport): the file, the Pushgateway, how much, as of when.</summary>
public sealed class DrMetricsExport
{
    /// <summary>The full path of the metrics file, or null when only pushed.</summary>
    public string? Path { get; set; }

    /// <summary>The Pushgateway pushed to (no credentials), or null.</summary>
    public string? Pushgateway { get; set; }

    public string Store { get; set; } = string.Empty;

    public DateTimeOffset AsOf { get; set; }

    /// <summary>Metric names written (a metric without samples is left out).</summary>
    public int Metrics { get; set; }

    public int Samples { get; set; }

    public long Bytes { get; set; }

    public int Backups { get; set; }

    public int RestoreProofs { get; set; }

    public int Drills { get; set; }
}
