using PubSec.Dr.Errors;
using PubSec.Dr.Integrity;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Retention;

/// <summary>
/// Finds, per kind and source, the newest restorable backup that passes integrity. It checks newest first and
/// stops at the first that passes, so a healthy store costs one check per collection.
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
            throw new ArgumentOutOfRangeException(nameof(level), level, "Retention verifies at Quick or Full.");
        }

        _checker = checker;
        _level = level;
        _log = log;
    }

    public async Task<IntegrityFindings> FindAsync(IReadOnlyList<DrBackup> backups, IProgress<StepProgress>? progress, CancellationToken ct)
    {
        var findings = new IntegrityFindings { Level = _level };
        var groups = backups.GroupBy(RetentionGroup.Of).ToList();
        for (var index = 0; index < groups.Count; index++)
        {
            var group = groups[index];
            progress?.Report(new StepProgress("Applying retention", $"Checking the newest backup of {group.Key} ({_level})", 100 * index / groups.Count));
            var candidates = RetentionPlanner.NewestFirst(group).Where(b => b.IsRestorable).ToList();
            foreach (var candidate in candidates)
            {
                var failure = await CheckAsync(candidate, ct).ConfigureAwait(false);
                if (failure is null)
                {
                    findings.NewestGood[group.Key] = candidate;
                    break;
                }

                findings.Failures[candidate] = failure;
                _log.Warning($"Backup {candidate.Id} of {group.Key} fails integrity ({_level}): {failure}");
            }

            if (!findings.NewestGood.ContainsKey(group.Key))
            {
                _log.Warning(candidates.Count == 0
                    ? $"{group.Key} has no Succeeded, untagged backup: nothing of it can be restored. Find out why its backups fail."
                    : $"No backup of {group.Key} passes integrity ({_level}): retention deletes none of its {candidates.Count} Succeeded backup(s). Inspect them with Test-BackupIntegrity.");
            }
        }

        return findings;
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
        catch (DrException ex)
        {
            // A backup that cannot even be checked (hostile part key, object vanished) is not a good one.
            return $"{ex.ErrorId}: {ex.Message}";
        }
    }
}
