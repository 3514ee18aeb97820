namespace PubSec.Dr;

/// <summary>Export-DrReport's output (PSTypeName PubSec.Dr.ReportFile): the file it wrote and what went into it.</summary>
public sealed class ReportFile
{
    public string Path { get; set; } = string.Empty;

    public ReportFormat Format { get; set; }

    public string Title { get; set; } = string.Empty;

    public DateTimeOffset GeneratedAt { get; set; }

    public int Drills { get; set; }

    public int Failovers { get; set; }

    public int IntegrityReports { get; set; }

    public int Backups { get; set; }

    public bool History { get; set; }

    public long Bytes { get; set; }

    public override string ToString() => Path;
}
