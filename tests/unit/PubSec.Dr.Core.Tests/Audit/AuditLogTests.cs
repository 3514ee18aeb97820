using System.Security.Cryptography;
using System.Text;
using PubSec.Dr.Audit;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Audit;

/// <summary>The hash-chained audit log on a folder store: appends, parallel appenders, and what verification catches.</summary>
public sealed class AuditLogTests : IDisposable
{
    private static readonly AuditIdentity Operator = new("CONTOSO\\operator", "ops-host");
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private FolderBackupStore Store() => new(_root.Path);

    private AuditLog Log(TimeProvider? clock = null) => new(Store(), Operator, clock);

    private static AuditEntry Entry(string target, string outcome = "Succeeded", Dictionary<string, string>? parameters = null) =>
        new("New-QdrantBackup", target, parameters ?? new Dictionary<string, string> { ["Collection"] = target }, outcome);

    private string PathOf(long sequence) => Path.Combine(_root.Path, AuditLog.KeyOf(sequence));

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private async Task<List<AuditRecord>> AppendAsync(int count)
    {
        var log = Log();
        var records = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            records.Add(await log.AppendAsync(Entry($"collection-{i}"), CancellationToken.None));
        }

        return records;
    }

    [Fact]
    public async Task Appends_NumberRecordsFromOne_AndEachHoldsTheHashOfThePreviousRecordsStoredBytes()
    {
        var records = await AppendAsync(3);

        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(new string('0', 64), records[0].PreviousHash);
        Assert.Equal(Sha256(File.ReadAllBytes(PathOf(1))), records[1].PreviousHash);
        Assert.Equal(Sha256(File.ReadAllBytes(PathOf(2))), records[2].PreviousHash);
        Assert.Equal("audit/records/000000000002.json", records[1].Key);
        var stored = Encoding.UTF8.GetString(File.ReadAllBytes(PathOf(2)));
        Assert.Contains("\"format\": \"pubsecdr-audit/1\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"identity\": \"CONTOSO\\\\operator\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"host\": \"ops-host\"", stored, StringComparison.Ordinal);

        var verification = await Log().VerifyAsync(CancellationToken.None);
        Assert.Equal("Passed", verification.Verdict);
        Assert.Equal(3, verification.RecordCount);
        Assert.Equal(Sha256(File.ReadAllBytes(PathOf(3))), verification.HeadHash);
    }

    [Fact]
    public async Task EightParallelAppenders_LoseNoRecord_AndTheChainPasses()
    {
        // Each appender has its own log and store object, as separate runs would; they share only the folder.
        await Task.WhenAll(Enumerable.Range(1, 8).Select(writer => Task.Run(async () =>
        {
            var log = Log();
            for (var i = 0; i < 50; i++)
            {
                await log.AppendAsync(Entry($"writer-{writer}"), CancellationToken.None);
            }
        })));

        var verification = await Log().VerifyAsync(CancellationToken.None);
        Assert.Equal("Passed", verification.Verdict);
        Assert.Equal(400, verification.RecordCount);
        Assert.Equal(400, verification.LastSequence);
        var records = await ReadAsync(new AuditFilter());
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(Enumerable.Range(1, 8), writer => Assert.Equal(50, records.Count(r => r.Target == $"writer-{writer}")));
    }

    [Fact]
    public async Task EmptyLog_Passes_WithNoRecords()
    {
        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal("Passed", verification.Verdict);
        Assert.Equal(0, verification.RecordCount);
        Assert.Null(verification.LastSequence);
        Assert.Null(verification.Error);
    }

    [Fact]
    public async Task EditedRecordInTheMiddle_Fails_NamingThatRecord()
    {
        await AppendAsync(5);
        var path = PathOf(3);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Succeeded\"", "\"Failed\"", StringComparison.Ordinal));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal("Failed", verification.Verdict);
        Assert.Equal(3, verification.BrokenSequence);
        Assert.Equal("audit/records/000000000003.json", verification.BrokenKey);
        Assert.Equal(2, verification.RecordCount);
        Assert.Contains("record 3 (audit/records/000000000003.json) does not match the hash record 4 holds", verification.Reason, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.AuditLogBroken, verification.Error!.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidData, verification.Error.Category);
    }

    [Fact]
    public async Task DeletedRecordInTheMiddle_Fails_NamingTheMissingSequence()
    {
        await AppendAsync(5);
        File.Delete(PathOf(4));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal("Failed", verification.Verdict);
        Assert.Equal(4, verification.BrokenSequence);
        Assert.Contains("record 4 (audit/records/000000000004.json) is missing", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedFirstRecord_Fails_BecauseTheLogDoesNotStartAtOne()
    {
        await AppendAsync(3);
        File.Delete(PathOf(1));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal(1, verification.BrokenSequence);
        Assert.Contains("does not start at 1", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedNewestRecord_Fails_AgainstTheHeadHint()
    {
        await AppendAsync(3);
        var path = PathOf(3);
        File.WriteAllText(path, File.ReadAllText(path).Replace("collection-3", "collection-X", StringComparison.Ordinal));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal("Failed", verification.Verdict);
        Assert.Equal(3, verification.BrokenSequence);
        Assert.Contains("the newest", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedNewestRecord_Fails_AgainstTheHeadHint()
    {
        await AppendAsync(3);
        File.Delete(PathOf(3));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal("Failed", verification.Verdict);
        Assert.Equal(3, verification.BrokenSequence);
    }

    [Fact]
    public async Task RecordRenamedToAnotherSequence_Fails()
    {
        await AppendAsync(2);
        File.Copy(PathOf(2), PathOf(3));

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal(3, verification.BrokenSequence);
        Assert.Contains("says it is record 2", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageRecord_Fails_AsUnreadable()
    {
        await AppendAsync(2);
        File.WriteAllText(PathOf(2), "not json");

        var verification = await Log().VerifyAsync(CancellationToken.None);

        Assert.Equal(2, verification.BrokenSequence);
        Assert.Contains("cannot be read", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleOrMissingHeadHint_AppendStillContinuesAtTheEnd()
    {
        await AppendAsync(20);
        var head = Path.Combine(_root.Path, AuditLog.HeadKey);
        File.WriteAllText(head, File.ReadAllText(head).Replace("\"sequence\":20", "\"sequence\":1", StringComparison.Ordinal));
        // Each append as from a new process, which starts at the hint (this one remembers where it ended).
        AuditLog.ForgetKnownEnd(Store().Location);
        var afterStale = await Log().AppendAsync(Entry("after-stale"), CancellationToken.None);
        File.Delete(head);
        AuditLog.ForgetKnownEnd(Store().Location);
        var afterMissing = await Log().AppendAsync(Entry("after-missing"), CancellationToken.None);
        File.WriteAllText(head, "{ not json");
        AuditLog.ForgetKnownEnd(Store().Location);
        var afterBroken = await Log().AppendAsync(Entry("after-broken"), CancellationToken.None);

        Assert.Equal([21L, 22L, 23L], new[] { afterStale.Sequence, afterMissing.Sequence, afterBroken.Sequence });
        Assert.Equal("Passed", (await Log().VerifyAsync(CancellationToken.None)).Verdict);
    }

    [Fact]
    public async Task HeadHintHash_IsNeverTrusted_TheAppendHashesTheStoredRecord()
    {
        await AppendAsync(2);
        var head = Path.Combine(_root.Path, AuditLog.HeadKey);
        File.WriteAllText(head, $$"""{"sequence":2,"hash":"{{new string('a', 64)}}"}""");
        AuditLog.ForgetKnownEnd(Store().Location);

        var record = await Log().AppendAsync(Entry("third"), CancellationToken.None);

        Assert.Equal(Sha256(File.ReadAllBytes(PathOf(2))), record.PreviousHash);
    }

    [Fact]
    public async Task SecretsInTheEntry_NeverReachTheStoredBytes()
    {
        const string password = "Tr0ub4dor-lab-secret";
        var record = await Log().AppendAsync(new AuditEntry(
            "Restore-RedisBackup",
            $"redis://default:{password}@redis-0:6379",
            new Dictionary<string, string>
            {
                ["Password"] = password,
                ["ApiKey"] = password,
                ["StorageConnectionString"] = $"AccountName=a;AccountKey={password}",
                ["Endpoint"] = $"redis-0:6379,password={password}",
                ["Collection"] = "citizens",
            },
            "Failed",
            "RedisAuthenticationFailed"), CancellationToken.None);

        var stored = File.ReadAllText(PathOf(1));
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.Equal("***", record.Parameters["Password"]);
        Assert.Equal("***", record.Parameters["ApiKey"]);
        Assert.Equal("***", record.Parameters["StorageConnectionString"]);
        Assert.Equal("redis-0:6379,password=***", record.Parameters["Endpoint"]);
        Assert.Equal("citizens", record.Parameters["Collection"]);
        Assert.Equal("redis://default:***@redis-0:6379", record.Target);
    }

    [Fact]
    public async Task Read_FiltersByWildcardsAndTime_InSequenceOrder()
    {
        var clock = new SteppingClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var log = Log(clock);
        await log.AppendAsync(Entry("citizens"), CancellationToken.None);                                   // 08:00
        await log.AppendAsync(new AuditEntry("Copy-DrBackup", "citizens", new Dictionary<string, string>(), "Failed", "StoreTimeout"), CancellationToken.None); // 09:00
        await log.AppendAsync(Entry("permits"), CancellationToken.None);                                    // 10:00
        await log.AppendAsync(Entry("CITIZENS-archive"), CancellationToken.None);                          // 11:00

        Assert.Equal([1L, 4L], (await ReadAsync(new AuditFilter { Command = "new-*", Target = "citizens*" })).Select(r => r.Sequence));
        Assert.Equal([2L], (await ReadAsync(new AuditFilter { Outcome = "failed" })).Select(r => r.Sequence));
        Assert.Equal([2L, 3L], (await ReadAsync(new AuditFilter
        {
            After = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            Before = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero),
        })).Select(r => r.Sequence));
        Assert.Empty(await ReadAsync(new AuditFilter { Identity = "someone-else" }));
        Assert.Equal(4, (await ReadAsync(new AuditFilter { Identity = "contoso\\OPER*" })).Count);
        var first = (await ReadAsync(new AuditFilter()))[0];
        Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), first.Time);
        Assert.Equal(DateTimeKind.Utc, first.Time.Kind);
    }

    [Fact]
    public async Task Read_AnUnreadableRecord_IsReported_AndTheOthersAreStillRead()
    {
        await AppendAsync(3);
        File.WriteAllText(PathOf(2), "{}");
        var errors = new List<DrException>();
        var records = new List<AuditRecord>();
        await foreach (var record in Log().ReadAsync(new AuditFilter(), errors.Add, CancellationToken.None))
        {
            records.Add(record);
        }

        Assert.Equal([1L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(ErrorIds.AuditLogBroken, Assert.Single(errors).ErrorId);
    }

    [Fact]
    public async Task TheBackupCatalog_DoesNotListTheAuditLog_SoRetentionCannotDeleteIt()
    {
        await AppendAsync(2);

        Assert.Empty(await new BackupCatalog(Store()).ListAsync(new BackupQuery(), CancellationToken.None));
        Assert.DoesNotContain(BackupLayout.Roots, root => AuditLog.Root.StartsWith(root, StringComparison.Ordinal) || root.StartsWith(AuditLog.Root, StringComparison.Ordinal));
    }

    private async Task<List<AuditRecord>> ReadAsync(AuditFilter filter)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in Log().ReadAsync(filter, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private DateTimeOffset _next = start;

        public override DateTimeOffset GetUtcNow()
        {
            var now = _next;
            _next += step;
            return now;
        }
    }
}
