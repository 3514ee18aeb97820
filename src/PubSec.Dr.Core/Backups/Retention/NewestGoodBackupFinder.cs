using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// The newest restorable backup that passes integrity: the one operation behind Restore-QdrantCluster -Latest,
/// retention's "keep the newest good one" and, later, failover and drills. It checks newest first and stops at the
/// first that passes, so a healthy store costs one check per collection.
/// </summary>
public sealed class NewestGoodBackupFinder
{
    private readonly IntegrityChecker _checker;
    private readonly IntegrityLevel _level;
    private readonly IOperationLog _log;

    public NewestGoodBackupFinder(IntegrityChecker checker, IntegrityLevel level, IOperationLog log)
    {
        if (level is not (IntegrityLevel.Quick or IntegrityLevel.Full))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Backups are judged at Quick or Full.");
        }

        _checker = checker;
        _level = level;
        _log = log;
    }

    /// <summary>
    /// When set, a candidate whose decryption key is not held stops the search (BackupDecryptionKeyNotFound): a missing
    /// key is the operator's to fix, not a reason to fall back silently to an older backup.
    /// </summary>
    public DecryptionKeyRing? RequiredKeys { get; init; }

    /// <summary>Per kind and source (<see cref="RetentionGroup"/>): the newest good backup, and every newer one that failed.</summary>
    public async Task<IntegrityFindings> FindAsync(IReadOnlyList<DrBackup> backups, IProgress<StepProgress>? progress, CancellationToken ct)
    {
        var findings = new IntegrityFindings { Level = _level };
        var groups = backups.GroupBy(RetentionGroup.Of).ToList();
        for (var index = 0; index < groups.Count; index++)
        {
            var group = groups[index];
            progress?.Report(new StepProgress("Applying retention", $"Checking the newest backup of {group.Key} ({_level})", 100 * index / groups.Count));
            var candidates = group.Count(b => b.IsRestorable);
            if (await NewestGoodAsync(group, group.Key.ToString(), findings.Failures, ct).ConfigureAwait(false) is { } good)
            {
                findings.NewestGood[group.Key] = good;
                continue;
            }

            _log.Warning(candidates == 0
                ? $"{group.Key} has no Succeeded, untagged backup: nothing of it can be restored. Find out why its backups fail."
                : $"No backup of {group.Key} passes integrity ({_level}): retention deletes none of its {candidates} Succeeded backup(s). Inspect them with Test-BackupIntegrity.");
        }

        return findings;
    }

    /// <summary>
    /// The newest restorable backup of <paramref name="backups"/> (one source; <paramref name="source"/> names it in
    /// warnings) that passes, or null. Each newer one that fails is warned about and added to <paramref name="failures"/>
    /// with what failed.
    /// </summary>
    public async Task<DrBackup?> NewestGoodAsync(IEnumerable<DrBackup> backups, string source, IDictionary<DrBackup, string>? failures,
        CancellationToken ct)
    {
        foreach (var candidate in RetentionPlanner.NewestFirst(backups).Where(b => b.IsRestorable))
        {
            RequiredKeys?.EnsureAvailable(candidate);
            var failure = await CheckAsync(candidate, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return candidate;
            }

            failures?.Add(candidate, failure);
            _log.Warning($"Backup {candidate.Id} of {source} fails integrity ({_level}): {failure}");
        }

        return null;
    }

    /// <summary>Null when the backup passes; otherwise what failed.</summary>
    private async Task<string?> CheckAsync(DrBackup backup, CancellationToken ct)
    {
        try
        {
            var report = await _checker.CheckAsync(backup, _level, null, ct).ConfigureAwait(false);
            return report.Verdict == IntegrityVerdict.Passed
                ? null
                : string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} {c.Target}: {c.Detail}"));
        }
        catch (DrException ex) when (!StoreUnusable(ex))
        {
            // A backup that cannot even be checked (hostile part key, object vanished) is not a good one.
            return $"{ex.ErrorId}: {ex.Message}";
        }
    }

    // When the store itself cannot be reached or read, no backup can be judged: the search stops with that error
    // instead of declaring every backup bad one after another.
    private static bool StoreUnusable(DrException ex) =>
        ex.Category is DrErrorCategory.ConnectionError or DrErrorCategory.OperationTimeout or DrErrorCategory.AuthenticationError
            or DrErrorCategory.PermissionDenied;
}
