namespace PubSec.Dr;

/// <summary>One check of an integrity run. ErrorId is set when it failed and matches the emitted error.</summary>
public sealed class IntegrityCheck
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The part key, or the backup id for whole-backup checks.</summary>
    public string Target { get; set; } = string.Empty;

    public bool Passed { get; set; }

    public string Detail { get; set; } = string.Empty;

    public string? ErrorId { get; set; }
}
