using PubSec.Dr.Environments;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.Reports;

/// <summary>Inputs of a report as the cmdlets would yield them, with a hostile collection name to prove escaping.</summary>
internal static class ReportSamples
{
    public const string Hostile = "<script>alert(1)</script>|x";
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DrillStart = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);

    public static DrillResult Drill(DrillVerdict verdict = DrillVerdict.Passed, DateTimeOffset? start = null, double rtoSeconds = 90)
    {
        var s = start ?? DrillStart;
        DrillPhase Phase(string name, double from, double seconds, bool counts = true, FailoverStepStatus status = FailoverStepStatus.Succeeded) => new()
        {
            Name = name,
            PlanStep = "2.2 step 3",
            PerformedBy = "Restore-QdrantCluster",
            CountsTowardRto = counts,
            Status = status,
            StartedAt = s.AddSeconds(from),
            CompletedAt = s.AddSeconds(from + seconds),
            Duration = TimeSpan.FromSeconds(seconds),
        };
        return new DrillResult
        {
            Id = "drill-" + s.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture),
            Environment = "lab",
            Scenario = DrillScenario.DatabaseRestore,
            StartedAt = s,
            CompletedAt = s.AddSeconds(100),
            Phases = [Phase("Setup", 0, 5, counts: false), Phase("Restore " + Hostile, 5, 60), Phase("Verify", 65, 30, status: verdict == DrillVerdict.Passed ? FailoverStepStatus.Succeeded : FailoverStepStatus.Failed)],
            Rto = TimeSpan.FromSeconds(rtoSeconds),
            Rpo = TimeSpan.FromMinutes(20),
            RpoBasis = "age of backup q-1",
            Checks = [new DrillCheck { Name = "Point count", Passed = true, Observed = "100 of 100", Target = Hostile }, new DrillCheck { Name = "Sample", Passed = verdict == DrillVerdict.Passed, Observed = "10 of 10" }],
            Criteria = [new DrillCriterion { Name = "RTO < 2 h", Passed = true, Observed = "90 s", Target = "2 h" }],
            Verdict = verdict,
            Objectives = DrObjectives.Plan,
            Created = [new DrillResource { Kind = "QdrantCollection", Region = "primary", Name = "drill-docs", DrillId = "d1", CreatedAt = s, RemovedAt = s.AddSeconds(99) }],
        };
    }

    public static FailoverResult Failover() => new()
    {
        Environment = "lab",
        From = "primary",
        To = "secondary",
        Kind = FailoverKind.Failover,
        StartedAt = new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.FromHours(2)),
        CompletedAt = new DateTimeOffset(2026, 12, 6, 4, 0, 30, TimeSpan.FromHours(2)),
        Rto = TimeSpan.FromSeconds(30),
        Steps =
        [
            new FailoverStep { Name = FailoverStepName.ConfirmTrigger, Status = FailoverStepStatus.Succeeded, StartedAt = new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.FromHours(2)), Duration = TimeSpan.FromSeconds(10) },
            new FailoverStep { Name = FailoverStepName.DnsSwitch, Status = FailoverStepStatus.Failed, StartedAt = new DateTimeOffset(2026, 12, 6, 4, 0, 10, TimeSpan.FromHours(2)), Duration = TimeSpan.FromSeconds(20), ErrorId = "Route53Timeout" },
        ],
        DataLoss = [new FailoverDataLoss { Store = "redis", Window = TimeSpan.FromSeconds(2), Basis = "replica lag at promotion" }],
        Verdict = FailoverVerdict.Failed,
    };

    public static IntegrityReport Integrity() => new()
    {
        BackupId = "q-1",
        Kind = "Qdrant",
        Collection = Hostile,
        Store = "file:///backups/",
        Level = IntegrityLevel.Full,
        CheckedAt = new DateTime(2026, 12, 6, 3, 0, 0, DateTimeKind.Unspecified),
        Checks =
        [
            new IntegrityCheck { Name = "Manifest", Target = "q-1", Passed = true, Detail = "ok" },
            new IntegrityCheck { Name = "PartChecksum", Target = "parts/0", Passed = false, Detail = "sha256 differs", ErrorId = "BackupChecksumMismatch" },
        ],
    };

    public static QdrantBackup Backup(string collection, TimeSpan age, IBackupStore? store = null, BackupStatus status = BackupStatus.Succeeded) => new()
    {
        Id = $"{collection}-{age.TotalMinutes}",
        Collection = collection,
        Status = status,
        StartedAt = Now.UtcDateTime - age - TimeSpan.FromMinutes(1),
        CompletedAt = Now.UtcDateTime - age,
        Store = store,
        Parts = [new QdrantBackupPart { Key = "p", Size = 2048 }],
    };
}

/// <summary>A store holding a credential in a public property, as a careless implementation might: the report must not carry it.</summary>
internal sealed class CredentialStore : IBackupStore
{
    public const string Secret = "AKIA-SECRET-do-not-print";

    public string SecretAccessKey => Secret;

    public string Location => "s3://dr-backups/lab/";

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => throw new NotSupportedException();
}
