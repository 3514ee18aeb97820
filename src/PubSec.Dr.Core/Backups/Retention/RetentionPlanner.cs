using System.Globalization;

namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// Decides, without touching any store, which backups a policy keeps and which it deletes, with every reason.
/// Per kind and source: a backup is kept when any rule keeps it; the newest backup that passes integrity is
/// always kept; when none passes, no restorable backup is deleted (the operator must look first).
/// </summary>
public static class RetentionPlanner
{
    public static IReadOnlyList<RetentionDecision> Plan(IReadOnlyList<DrBackup> backups, RetentionPolicySet policies, DateTime now, IntegrityFindings findings)
    {
        now = Utc(now);
        var decisions = new Dictionary<DrBackup, RetentionDecision>(ReferenceEqualityComparer.Instance);
        foreach (var group in backups.GroupBy(RetentionGroup.Of))
        {
            foreach (var decision in PlanGroup(group.Key, NewestFirst(group), policies.For(group.Key.Kind), now, findings))
            {
                decisions[decision.Backup] = decision;
            }
        }

        return backups.Select(backup => decisions[backup]).ToList();
    }

    /// <summary>The order slots are filled in: newest first, ties broken by id like the catalog.</summary>
    public static List<DrBackup> NewestFirst(IEnumerable<DrBackup> backups) =>
        backups.OrderByDescending(b => Utc(b.StartedAt)).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();

    private static IEnumerable<RetentionDecision> PlanGroup(RetentionGroup group, List<DrBackup> ordered, DrRetentionPolicy? policy,
        DateTime now, IntegrityFindings findings)
    {
        var keep = ordered.ToDictionary<DrBackup, DrBackup, List<string>>(b => b, _ => new List<string>(), ReferenceEqualityComparer.Instance);
        // Slots go only to backups that could be restored: Succeeded, not forensic, not known broken, not after "now".
        var eligible = ordered.Where(b => b.IsRestorable && !findings.Failures.ContainsKey(b) && Utc(b.StartedAt) <= now).ToList();
        if (policy is not null)
        {
            foreach (var backup in ordered)
            {
                var age = now - Utc(backup.StartedAt);
                if (age < TimeSpan.Zero)
                {
                    keep[backup].Add($"started after the evaluation time {now:yyyy-MM-dd HH:mm:ss}Z");
                }
                else if (policy.MaxAge > TimeSpan.Zero && age < policy.MaxAge)
                {
                    keep[backup].Add($"within MaxAge {Span(policy.MaxAge)}");
                }
            }

            foreach (var backup in eligible.Take(policy.KeepLast))
            {
                keep[backup].Add($"last {policy.KeepLast}");
            }

            FillSlots(eligible, policy.KeepDaily, RetentionPeriods.Day, "daily", keep);
            FillSlots(eligible, policy.KeepWeekly, RetentionPeriods.IsoWeek, "weekly", keep);
            FillSlots(eligible, policy.KeepMonthly, RetentionPeriods.Month, "monthly", keep);
        }
        else
        {
            foreach (var backup in ordered)
            {
                keep[backup].Add($"no retention policy for kind '{group.Kind}'");
            }
        }

        if (findings.NewestGood.TryGetValue(group, out var newestGood) && keep.TryGetValue(newestGood, out var newestReasons))
        {
            newestReasons.Insert(0, $"newest backup that passes integrity ({findings.Level})");
        }
        else
        {
            foreach (var backup in ordered.Where(b => b.IsRestorable && keep[b].Count == 0))
            {
                keep[backup].Add($"no backup of {group} passes integrity, so no restore candidate is deleted");
            }
        }

        return ordered.Select(backup => Decide(backup, keep[backup], policy, now, findings));
    }

    // The newest backup of each of the last N periods that have one: periods without a backup do not use up a slot.
    private static void FillSlots(List<DrBackup> eligible, int count, Func<DateTime, string> period, string label,
        Dictionary<DrBackup, List<string>> keep)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backup in eligible)
        {
            if (seen.Count >= count)
            {
                return;
            }

            var key = period(Utc(backup.StartedAt));
            if (seen.Add(key))
            {
                keep[backup].Add($"{label} slot {key}");
            }
        }
    }

    private static RetentionDecision Decide(DrBackup backup, List<string> keepReasons, DrRetentionPolicy? policy, DateTime now, IntegrityFindings findings)
    {
        var reasons = new List<string>(keepReasons);
        var action = reasons.Count > 0 ? RetentionAction.Keep : RetentionAction.Delete;
        if (action == RetentionAction.Delete)
        {
            reasons.Add(policy!.MaxAge > TimeSpan.Zero
                ? $"older than MaxAge {Span(policy.MaxAge)} and in no GFS or KeepLast slot"
                : "MaxAge is off and the backup is in no GFS or KeepLast slot");
        }

        if (backup.Status != BackupStatus.Succeeded)
        {
            reasons.Add($"{backup.Status}: fills no slot, only MaxAge can keep it");
        }
        else if (backup.Tags.Contains(DrBackup.ForensicTag, StringComparer.OrdinalIgnoreCase))
        {
            reasons.Add("tagged forensic: fills no slot, only MaxAge can keep it");
        }

        if (findings.Failures.TryGetValue(backup, out var failure))
        {
            reasons.Add($"fails integrity ({findings.Level}), fills no slot: {failure}");
        }

        return new RetentionDecision
        {
            BackupId = backup.Id,
            Kind = backup.Kind,
            Source = RetentionGroup.SourceOf(backup),
            StartedAt = backup.StartedAt,
            Age = now - Utc(backup.StartedAt),
            Status = backup.Status,
            Action = action,
            Reasons = reasons.ToArray(),
            SizeBytes = backup.SizeBytes,
            Backup = backup,
        };
    }

    internal static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
