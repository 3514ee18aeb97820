namespace PubSec.Dr.Backups.Copy;

/// <summary>What one backup copy did: parts copied or found already verified at the destination, and bytes moved.</summary>
public sealed class BackupCopyResult
{
    public string BackupId { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string Destination { get; init; } = string.Empty;

    public int PartsCopied { get; set; }

    public int PartsSkipped { get; set; }

    public long BytesCopied { get; set; }

    public long BytesTotal { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>The backup as it is now listed in the destination store.</summary>
    public DrBackup? Copy { get; set; }
}
