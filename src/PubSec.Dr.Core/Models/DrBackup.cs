using System.Text.Json.Serialization;
using PubSec.Dr.Storage;

namespace PubSec.Dr;

/// <summary>
/// A backup in a store's catalog: what its manifest says plus where it was found. Every backup kind
/// (Qdrant now, Redis later) derives from this so catalog, integrity and retention treat them alike.
/// </summary>
public abstract class DrBackup
{
    public int SchemaVersion { get; set; } = 1;

    public abstract string Kind { get; }

    public string Id { get; set; } = string.Empty;

    public BackupStatus Status { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime CompletedAt { get; set; }

    /// <summary>Labels such as "forensic" (a copy of a damaged state, kept for investigation, never restored automatically).</summary>
    public string[] Tags { get; set; } = [];

    /// <summary>The tag of backups taken of a damaged state before a restore replaced it.</summary>
    public const string ForensicTag = "forensic";

    /// <summary>Whether the catalog may offer this backup for a restore (Succeeded and not forensic).</summary>
    [JsonIgnore]
    public bool IsRestorable => Status == BackupStatus.Succeeded && !Tags.Contains(ForensicTag, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the backup is not Succeeded, or notes worth an operator's attention.</summary>
    public string[] Problems { get; set; } = [];

    /// <summary>
    /// The store this backup was read from or written to. It is the store object itself, with the options it
    /// was opened with, so -Store binds down the pipeline without losing credentials; it prints as its location.
    /// </summary>
    [JsonIgnore]
    public IBackupStore? Store { get; set; }

    /// <summary>Key of the manifest object in the store.</summary>
    [JsonIgnore]
    public string ManifestKey { get; set; } = string.Empty;

    [JsonIgnore]
    public abstract IReadOnlyList<BackupPart> AllParts { get; }

    /// <summary>What was backed up: a Qdrant collection, a Redis server's name. Retention and -Latest group by it.</summary>
    [JsonIgnore]
    public abstract string Source { get; }

    [JsonIgnore]
    public long SizeBytes => AllParts.Sum(part => part.Size);

    [JsonIgnore]
    public TimeSpan Duration => CompletedAt - StartedAt;

    /// <summary>
    /// Where the run that made this backup spent its time, per phase (only on the object the run returns; a backup
    /// read from a store has none). Empty for kinds that do not measure phases.
    /// </summary>
    [JsonIgnore]
    public PubSec.Dr.Transfer.PhaseTiming[] Timings { get; set; } = [];
}
