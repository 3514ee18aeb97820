namespace PubSec.Dr;

/// <summary>One check a drill made after recovery (a count, a sample, a query, an integrity verdict), and what it saw.</summary>
public sealed class DrillCheck
{
    public string Name { get; set; } = string.Empty;

    public bool Passed { get; set; }

    public string Observed { get; set; } = string.Empty;

    /// <summary>The backup, collection, record or key the check is about, so a failure names it.</summary>
    public string? Target { get; set; }

    public override string ToString() => $"{Name}: {(Passed ? "passed" : "FAILED")} ({Observed})";
}
