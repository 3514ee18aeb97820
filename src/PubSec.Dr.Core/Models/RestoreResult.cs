namespace PubSec.Dr;

/// <summary>What Restore-QdrantCluster did: every step with its timing, the bytes moved, and the verdict.</summary>
public sealed class RestoreResult
{
    public string BackupId { get; set; } = string.Empty;

    public string Collection { get; set; } = string.Empty;

    public string[] TargetNodes { get; set; } = [];

    public List<RestoreStep> Steps { get; set; } = new();

    public long BytesUploaded { get; set; }

    /// <summary>The id of the forensic backup of the state this restore replaced (-PreserveCurrentState).</summary>
    public string? ForensicBackupId { get; set; }

    /// <summary>Upload throughput of the restore step, all nodes together.</summary>
    public double MegabytesPerSecond { get; set; }

    /// <summary>Succeeded only when every step succeeded, including the verification against the manifest.</summary>
    public string Verdict => Steps.Count > 0 && Steps.All(s => s.Status is "Succeeded" or "Skipped") ? "Succeeded" : "Failed";

    /// <summary>The post-restore comparison with the backup's manifest, when the restore got that far.</summary>
    public QdrantComparison? Comparison { get; set; }

    public DateTime StartedAt => Steps.Count == 0 ? default : Steps[0].StartedAt;

    public TimeSpan Duration => Steps.Count == 0 ? TimeSpan.Zero : Steps[^1].CompletedAt - Steps[0].StartedAt;
}
