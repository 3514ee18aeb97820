namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// What the integrity checks before planning found: per group, the newest backup that passes, and for each
/// backup checked on the way and failed, what failed. Groups absent from NewestGood have no passing backup.
/// </summary>
public sealed class IntegrityFindings
{
    public IntegrityLevel Level { get; init; } = IntegrityLevel.Quick;

    public Dictionary<RetentionGroup, DrBackup> NewestGood { get; } = new();

    public Dictionary<DrBackup, string> Failures { get; } = new(ReferenceEqualityComparer.Instance);
}
