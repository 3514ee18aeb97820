using System.Globalization;
using PubSec.Dr.Backups.Retention;

namespace PubSec.Dr.Tests.Backups.Retention;

public sealed class RetentionPlannerTests
{
    // 90 days of 6-hourly backups of two collections: 360 each, the last at 2026-11-20T18:00Z.
    private static readonly DateTime Now = new(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc);
    private readonly List<DrBackup> _catalog =
        RetentionCatalog.SixHourly("documents", 360, RetentionCatalog.Start).Concat(RetentionCatalog.SixHourly("faq", 360, RetentionCatalog.Start)).ToList();

    [Fact]
    public void DefaultPolicy_KeepsExactlyTheLast30DaysPerCollection_WithAReasonForEveryBackup()
    {
        var decisions = Plan(_catalog, [], Now);

        Assert.Equal(720, decisions.Count);
        Assert.All(decisions, d => Assert.NotEmpty(d.Reasons));
        var expected = _catalog.Where(b => b.StartedAt > Now.AddDays(-30)).Select(b => b.Id).ToHashSet();
        Assert.Equal(240, expected.Count);
        Assert.Equal(expected, Kept(decisions));
        Assert.Equal(120, decisions.Count(d => d.Source == "documents" && d.Action == RetentionAction.Keep));
        Assert.All(decisions.Where(d => d.Action == RetentionAction.Keep), d => Assert.Contains("within MaxAge 30.00:00:00", d.Reasons));
        Assert.All(decisions.Where(d => d.Action == RetentionAction.Delete),
            d => Assert.Equal(["older than MaxAge 30.00:00:00 and in no GFS or KeepLast slot"], d.Reasons));
        Assert.All(decisions, d => Assert.Equal(Now - d.StartedAt, d.Age));
    }

    [Fact]
    public void GfsPolicy_KeepsTheNewestBackupOfEachOfTheLastDaysWeeksAndMonths()
    {
        var policy = new DrRetentionPolicy { Kind = "Qdrant", KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 3 };

        var decisions = Plan(_catalog, [policy], Now);

        // Every day of the catalog has backups, so "the last N periods that have one" are the last N calendar periods.
        var expected = new HashSet<string>();
        foreach (var collection in new[] { "documents", "faq" })
        {
            var own = _catalog.Where(b => ((QdrantBackup)b).Collection == collection).ToList();
            DrBackup NewestWhere(Func<DateTime, bool> inPeriod) => own.Where(b => inPeriod(b.StartedAt)).MaxBy(b => b.StartedAt)!;
            for (var day = 0; day < 7; day++)
            {
                expected.Add(NewestWhere(t => t.Date == Now.Date.AddDays(-day)).Id);
            }

            for (var week = 0; week < 4; week++)
            {
                var monday = Now.Date.AddDays(-(((int)Now.DayOfWeek + 6) % 7) - 7 * week);
                expected.Add(NewestWhere(t => t >= monday && t < monday.AddDays(7)).Id);
            }

            for (var month = 0; month < 3; month++)
            {
                var first = new DateTime(Now.Year, Now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-month);
                expected.Add(NewestWhere(t => t >= first && t < first.AddMonths(1)).Id);
            }
        }

        Assert.Equal(expected, Kept(decisions));
        // Per collection: 7 days (Nov 14-20), 2 more weeks (W47's and W46's newest, Nov 20 and 15, are daily slots),
        // 2 more months (Oct 31, Sep 30; November's is today's).
        Assert.Equal(2 * (7 + 2 + 2), expected.Count);
        var newest = decisions.Single(d => d.BackupId == "20261120T180000Z-documents");
        Assert.Equal(["newest backup that passes integrity (Quick)", "daily slot 2026-11-20", "weekly slot 2026-W47", "monthly slot 2026-11"], newest.Reasons);
        Assert.Contains("monthly slot 2026-09", decisions.Single(d => d.BackupId == "20260930T180000Z-faq").Reasons);
        Assert.All(decisions.Where(d => d.Action == RetentionAction.Delete),
            d => Assert.Equal(["MaxAge is off and the backup is in no GFS or KeepLast slot"], d.Reasons));
    }

    [Fact]
    public void KeepLast_CountsOnlySucceededBackups()
    {
        var backups = new List<DrBackup>
        {
            RetentionCatalog.Qdrant("documents", Now.AddDays(-40), BackupStatus.Incomplete),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-41)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-42), BackupStatus.Succeeded, DrBackup.ForensicTag),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-43)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-44)),
        };

        var decisions = Plan(backups, [new DrRetentionPolicy { Kind = "Qdrant", MaxAge = TimeSpan.FromDays(30), KeepLast = 2 }], Now);

        Assert.Equal([RetentionAction.Delete, RetentionAction.Keep, RetentionAction.Delete, RetentionAction.Keep, RetentionAction.Delete],
            decisions.Select(d => d.Action));
        Assert.Contains("Incomplete: fills no slot, only MaxAge can keep it", decisions[0].Reasons);
        Assert.Contains("tagged forensic: fills no slot, only MaxAge can keep it", decisions[2].Reasons);
        Assert.Equal(["last 2"], decisions[3].Reasons);
    }

    [Fact]
    public void IncompleteAndForensicBackups_AreKeptByAgeOnly()
    {
        var backups = new List<DrBackup>
        {
            RetentionCatalog.Qdrant("documents", Now.AddDays(-1), BackupStatus.Incomplete),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-2), BackupStatus.Succeeded, DrBackup.ForensicTag),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-3)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-31), BackupStatus.Succeeded, DrBackup.ForensicTag),
        };

        var decisions = Plan(backups, [], Now);

        Assert.Equal([RetentionAction.Keep, RetentionAction.Keep, RetentionAction.Keep, RetentionAction.Delete], decisions.Select(d => d.Action));
        Assert.Equal(["newest backup that passes integrity (Quick)", "within MaxAge 30.00:00:00"], decisions[2].Reasons);
    }

    [Fact]
    public void AllBackupsOlderThanMaxAge_TheNewestGoodOneIsStillKept()
    {
        var decisions = Plan(_catalog, [], Now.AddYears(1));

        Assert.Equal(["20261120T180000Z-documents", "20261120T180000Z-faq"], Kept(decisions).Order(StringComparer.Ordinal));
        Assert.All(decisions.Where(d => d.Action == RetentionAction.Keep), d => Assert.Equal(["newest backup that passes integrity (Quick)"], d.Reasons));
    }

    [Fact]
    public void NoBackupPassesIntegrity_NoRestorableBackupIsDeleted_ButOldIncompleteOnesAre()
    {
        var backups = new List<DrBackup>
        {
            RetentionCatalog.Qdrant("documents", Now.AddDays(-40)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-41), BackupStatus.Incomplete),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-42)),
        };
        var findings = new IntegrityFindings();
        findings.Failures[backups[0]] = "PartExists x: missing";
        findings.Failures[backups[2]] = "PartExists y: missing";

        var decisions = RetentionPlanner.Plan(backups, RetentionPolicySet.Create(null), Now, findings);

        Assert.Equal([RetentionAction.Keep, RetentionAction.Delete, RetentionAction.Keep], decisions.Select(d => d.Action));
        Assert.Contains("no backup of Qdrant 'documents' passes integrity, so no restore candidate is deleted", decisions[0].Reasons);
        Assert.Contains("fails integrity (Quick), fills no slot: PartExists x: missing", decisions[0].Reasons);
    }

    [Fact]
    public void BrokenNewestBackup_FillsNoSlot_AndTheNewestGoodOneIsKept()
    {
        var backups = new List<DrBackup>
        {
            RetentionCatalog.Qdrant("documents", Now.AddDays(-40)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-41)),
            RetentionCatalog.Qdrant("documents", Now.AddDays(-42)),
        };
        var findings = new IntegrityFindings();
        findings.Failures[backups[0]] = "PartSize x: 3 bytes";
        findings.NewestGood[RetentionGroup.Of(backups[1])] = backups[1];

        var decisions = RetentionPlanner.Plan(backups, RetentionPolicySet.Create([new DrRetentionPolicy { Kind = "Qdrant", KeepLast = 2 }]), Now, findings);

        Assert.Equal([RetentionAction.Delete, RetentionAction.Keep, RetentionAction.Keep], decisions.Select(d => d.Action));
        Assert.Equal(["newest backup that passes integrity (Quick)", "last 2"], decisions[1].Reasons);
    }

    [Fact]
    public void RedisBackups_AreKeptSevenDaysPerName()
    {
        RedisBackup Redis(string name, int day) => new()
        {
            Id = $"d{day}-{name}",
            Name = name,
            Endpoint = "127.0.0.1:6379",
            StartedAt = Now.AddHours(-1).AddDays(-day),
            CompletedAt = Now.AddDays(-day),
            Status = BackupStatus.Succeeded,
            Parts = [new BackupPart { Key = $"redis/{name}/d{day}/dump.rdb", Size = 1, Sha256 = new string('a', 64) }],
        };
        var backups = Enumerable.Range(0, 10).SelectMany(day => new DrBackup[] { Redis("balances", day), Redis("cache", day) }).ToList();

        var decisions = Plan(backups, [], Now);

        foreach (var name in new[] { "balances", "cache" })
        {
            var kept = decisions.Where(d => d.Source == name && d.Action == RetentionAction.Keep).ToList();
            Assert.Equal(7, kept.Count);
            Assert.Contains("newest backup that passes integrity (Quick)", kept.Single(d => d.BackupId == $"d0-{name}").Reasons);
        }
    }

    [Fact]
    public void RedisDefault_Keeps7Days_WhileQdrantOfTheSameDatesKeeps30()
    {
        var backups = Enumerable.Range(0, 10).SelectMany(day => new DrBackup[]
        {
            RetentionCatalog.Other("Redis", Now.AddHours(-1).AddDays(-day)),
            RetentionCatalog.Qdrant("documents", Now.AddHours(-1).AddDays(-day)),
        }).ToList();

        var decisions = Plan(backups, [], Now);

        Assert.Equal(7, decisions.Count(d => d.Kind == "Redis" && d.Action == RetentionAction.Keep));
        Assert.All(decisions.Where(d => d.Kind == "Redis" && d.Action == RetentionAction.Keep), d => Assert.True(d.Age < TimeSpan.FromDays(7)));
        Assert.Equal(["older than MaxAge 7.00:00:00 and in no GFS or KeepLast slot"], decisions.First(d => d.Kind == "Redis" && d.Action == RetentionAction.Delete).Reasons);
        Assert.Equal(10, decisions.Count(d => d.Kind == "Qdrant" && d.Action == RetentionAction.Keep));
    }

    [Fact]
    public void KindWithoutPolicy_IsKept()
    {
        var backup = RetentionCatalog.Other("Mongo", Now.AddYears(-3));

        var decision = Assert.Single(Plan([backup], [], Now));

        Assert.Equal(RetentionAction.Keep, decision.Action);
        Assert.Contains("no retention policy for kind 'Mongo'", decision.Reasons);
    }

    [Fact]
    public void BackupsAfterTheEvaluationTime_AreKeptAndFillNoSlot()
    {
        var asOf = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var policy = new DrRetentionPolicy { Kind = "Qdrant", KeepDaily = 1 };

        var decisions = Plan(_catalog, [policy], asOf);

        var after = decisions.Where(d => d.StartedAt > asOf).ToList();
        Assert.All(after, d => Assert.Contains("started after the evaluation time 2026-10-01 00:00:00Z", d.Reasons));
        Assert.All(after, d => Assert.Equal(RetentionAction.Keep, d.Action));
        var daily = decisions.Where(d => d.Reasons.Any(r => r.StartsWith("daily slot", StringComparison.Ordinal))).ToList();
        // A backup that starts exactly at the evaluation time is not after it: it is that day's newest.
        Assert.Equal(["20261001T000000Z-documents", "20261001T000000Z-faq"], daily.Select(d => d.BackupId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LocalAndUnspecifiedTimes_AreTreatedAsUtc()
    {
        var utc = Plan(_catalog, [], Now);
        var unspecified = Plan(_catalog, [], DateTime.SpecifyKind(Now, DateTimeKind.Unspecified));
        var local = Plan(_catalog, [], Now.ToLocalTime());

        Assert.Equal(Kept(utc), Kept(unspecified));
        Assert.Equal(Kept(utc), Kept(local));
    }

    [Fact]
    public void IsoWeekLabels_FollowIso8601AtYearEnds()
    {
        Assert.Equal("2026-W53", RetentionPeriods.IsoWeek(new DateTime(2027, 1, 3, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2025-W01", RetentionPeriods.IsoWeek(new DateTime(2024, 12, 30, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-11", RetentionPeriods.Month(DateTime.Parse("2026-11-30T23:59:59Z", CultureInfo.InvariantCulture).ToUniversalTime()));
    }

    private static IReadOnlyList<RetentionDecision> Plan(IReadOnlyList<DrBackup> backups, DrRetentionPolicy[] policies, DateTime now) =>
        RetentionPlanner.Plan(backups, RetentionPolicySet.Create(policies), now, RetentionCatalog.NewestPasses(backups));

    private static HashSet<string> Kept(IEnumerable<RetentionDecision> decisions) =>
        decisions.Where(d => d.Action == RetentionAction.Keep).Select(d => d.BackupId).ToHashSet();
}
