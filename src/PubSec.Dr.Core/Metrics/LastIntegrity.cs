using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Serialization;

namespace PubSec.Dr.Metrics;

/// <summary>
/// The last integrity verdicts per collection or Redis name: the latest check of each backup still in the catalog
/// (a recorded Test-BackupIntegrity -Record verdict, or a restore that proved it, a restore proof or a drill's restore
/// check, which is a passed Restore check: <see cref="VerifiedRestorable.Evidence"/>). The source's
/// verdict is that of the newest restorable backup checked (the daily runbook checks it Full, the older ones Quick
/// after it), and a backup whose latest check failed keeps its source FAIL until it passes again or retention removes it.
/// </summary>
public static class LastIntegrity
{
    public sealed record Summary(IntegrityVerdictRecord Latest, IReadOnlyList<IntegrityVerdictRecord> Failing);

    /// <summary>Give the input <see cref="MetricsInput.AtAsOf"/>.</summary>
    public static IReadOnlyDictionary<(string Kind, string Source), Summary> Of(MetricsInput input)
    {
        // Grouped by the catalog's kind and source of the backup, the names every other status value uses.
        var current = input.Backups.GroupBy(b => b.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var proofs = VerifiedRestorable.Evidence(input).Where(p => current.ContainsKey(p.BackupId)).Select(p => new IntegrityVerdictRecord
        {
            BackupId = p.BackupId, Kind = current[p.BackupId].Kind, Source = current[p.BackupId].Source, Level = IntegrityLevel.Restore,
            Verdict = IntegrityVerdict.Passed, CheckedAt = p.ProvenAt,
        });
        return input.Verdicts.Concat(proofs)
            .Where(v => current.ContainsKey(v.BackupId))
            .GroupBy(v => v.BackupId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(v => UtcTimes.AsUtc(v.CheckedAt))!)
            .GroupBy(v => (current[v.BackupId].Kind, current[v.BackupId].Source))
            .ToDictionary(g => g.Key, g => new Summary(
                // The verdict of the backup a restore would use: the newest restorable one checked, else the newest checked.
                g.OrderByDescending(v => current[v.BackupId].IsRestorable).ThenByDescending(v => current[v.BackupId].CompletedAt).First(),
                [.. g.Where(v => v.Verdict == IntegrityVerdict.Failed).OrderBy(v => v.BackupId, StringComparer.Ordinal)]));
    }
}
