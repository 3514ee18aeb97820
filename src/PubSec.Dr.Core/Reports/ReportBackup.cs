using PubSec.Dr.Serialization;

namespace PubSec.Dr.Reports;

/// <summary>
/// A backup as the report shows it. Built from the catalog's object field by field: the store appears only as its
/// display location (<see cref="Storage.IBackupStore.Location"/>, never credentials), and neither parts, samples
/// nor the store object itself are carried over.
/// </summary>
public sealed class ReportBackup
{
    public string Kind { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string Id { get; init; } = string.Empty;

    public BackupStatus Status { get; init; }

    public bool Restorable { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime CompletedAt { get; init; }

    /// <summary>From CompletedAt to the report's time.</summary>
    public TimeSpan Age { get; init; }

    public long SizeBytes { get; init; }

    public string? Store { get; init; }

    public string[] Tags { get; init; } = [];

    public string[] Problems { get; init; } = [];

    public static ReportBackup From(DrBackup backup, DateTimeOffset now) => new()
    {
        Kind = backup.Kind,
        Source = backup.Source,
        Id = backup.Id,
        Status = backup.Status,
        Restorable = backup.IsRestorable,
        StartedAt = UtcTimes.AsUtc(backup.StartedAt),
        CompletedAt = UtcTimes.AsUtc(backup.CompletedAt),
        Age = now.UtcDateTime - UtcTimes.AsUtc(backup.CompletedAt),
        SizeBytes = backup.SizeBytes,
        Store = backup.Store?.Location,
        Tags = [.. backup.Tags],
        Problems = [.. backup.Problems],
    };
}
