using System.Diagnostics;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Readiness;

public sealed class RegionReadinessCheckTests : IDisposable
{
    private readonly ReadinessLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [Fact]
    public async Task A_healthy_region_with_a_fresh_backup_of_every_collection_is_Ready()
    {
        await WriteBackupAsync("docs", minutesOld: 5);

        var (readiness, failure) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        Assert.True(readiness.Verdict == ReadinessVerdict.Ready, string.Join(Environment.NewLine, readiness.Checks.Select(c => c.ToString())));
        Assert.Null(failure);
        Assert.Equal("secondary", readiness.Region);
        Assert.All(readiness.Checks, c => Assert.Equal("secondary", c.Region));
        Assert.Contains(readiness.Checks, c => c.Name == "Deployment/app");
        Assert.Contains(readiness.Checks, c => c.Name == "Qdrant shards/docs");
        Assert.Contains(readiness.Checks, c => c.Name == "Backup Qdrant/docs");
        Assert.Contains(readiness.Checks, c => c.Name == "Redis 127.0.0.1:7002" && c.Observed.Contains("link up", StringComparison.Ordinal));
        Assert.Equal("secondary-region", _lab.Kubernetes.Target.Context);
        Assert.Equal(new Uri("http://127.0.0.3:18080/ready"), Assert.Single(_lab.Http.Requests).Url);
    }

    [Fact]
    public async Task A_hanging_backend_fails_its_own_check_in_time_and_the_others_still_answer()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Kubernetes.Hang = true;
        var clock = Stopwatch.StartNew();

        var (readiness, failure) = await _lab.Check().Build(TimeSpan.FromMilliseconds(400)).RunAsync(CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(ReadinessVerdict.NotReady, readiness.Verdict);
        var stuck = Assert.Single(readiness.Checks, c => c.Name == "Kubernetes nodes");
        Assert.Equal(ReadinessStatus.Failed, stuck.Status);
        Assert.Contains("no answer within 0.4 s", stuck.Observed);
        Assert.Equal(["Kubernetes nodes"], readiness.FailedChecks);
        Assert.Contains(readiness.Checks, c => c.Name == "Application /ready" && c.Status == ReadinessStatus.Passed);
        Assert.Equal(ErrorIds.RegionNotReady, failure!.ErrorId);
        Assert.Contains("Kubernetes nodes", failure.Message);
    }

    [Fact]
    public async Task An_application_that_is_not_ready_makes_the_region_NotReady()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Http.Answers["/ready"] = new HttpProbeResult(503, "qdrant down", new Dictionary<string, string>(), TimeSpan.FromMilliseconds(3), null);

        var (readiness, _) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        Assert.Equal(ReadinessVerdict.NotReady, readiness.Verdict);
        var app = Assert.Single(readiness.Checks, c => c.Name == "Application /ready");
        Assert.Contains("503", app.Observed);
        Assert.Contains("qdrant down", app.Observed);
        Assert.NotEmpty(app.Advice);
    }

    [Fact]
    public async Task A_stuck_shard_replica_fails_the_collection_check_naming_it()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Qdrant.Nodes[1].StuckShardState = "Dead";

        var (readiness, _) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        var shards = Assert.Single(readiness.Checks, c => c.Name == "Qdrant shards/docs");
        Assert.Equal(ReadinessStatus.Failed, shards.Status);
        Assert.Contains("Dead", shards.Observed);
        Assert.Contains($"peer {_lab.Qdrant.Nodes[1].PeerId}", shards.Observed);
    }

    [Fact]
    public async Task A_lagging_replica_Redis_is_a_Warning_and_the_region_Degraded()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Redis.Info[ReadinessLab.PrimaryRedis] = "role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7002,state=online,offset=1000,lag=40\r\nmaster_repl_offset:5000000\r\n";
        _lab.Redis.Info[ReadinessLab.SecondaryRedis] = "role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7001\r\nmaster_link_status:up\r\nmaster_last_io_seconds_ago:40\r\nslave_repl_offset:1000\r\n";

        var (readiness, failure) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        Assert.Equal(ReadinessVerdict.Degraded, readiness.Verdict);
        Assert.Null(failure);
        var redis = Assert.Single(readiness.Checks, c => c.Category == ReadinessCategory.Redis);
        Assert.Equal(ReadinessStatus.Warning, redis.Status);
        Assert.Contains("4999000 bytes", redis.Observed);
    }

    [Fact]
    public async Task A_replica_whose_primary_is_down_is_judged_by_its_own_link()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Redis.Info.Remove(ReadinessLab.PrimaryRedis);
        _lab.Redis.Info[ReadinessLab.SecondaryRedis] = "role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7001\r\nmaster_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\n";

        var (readiness, _) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        var redis = Assert.Single(readiness.Checks, c => c.Category == ReadinessCategory.Redis);
        Assert.Equal(ReadinessStatus.Warning, redis.Status);
        Assert.Contains("link down", redis.Observed);
        Assert.Contains("primary not measured", redis.Observed);
    }

    [Fact]
    public async Task An_unreachable_Redis_fails()
    {
        await WriteBackupAsync("docs", minutesOld: 5);
        _lab.Redis.Info.Remove(ReadinessLab.SecondaryRedis);

        var (readiness, _) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        var redis = Assert.Single(readiness.Checks, c => c.Category == ReadinessCategory.Redis);
        Assert.Equal(ReadinessStatus.Failed, redis.Status);
        Assert.Contains("cannot be reached", redis.Observed);
    }

    [Fact]
    public async Task A_collection_without_a_backup_fails_and_an_old_one_warns()
    {
        _lab.Qdrant.Seed("other", 5, 1);
        await WriteBackupAsync("docs", minutesOld: 45);

        var (readiness, _) = await _lab.Check().Build().RunAsync(CancellationToken.None);

        Assert.Equal(ReadinessStatus.Warning, Assert.Single(readiness.Checks, c => c.Name == "Backup Qdrant/docs").Status);
        var missing = Assert.Single(readiness.Checks, c => c.Name == "Backup Qdrant/other");
        Assert.Equal(ReadinessStatus.Failed, missing.Status);
        Assert.Equal("no backup", missing.Observed);
    }

    [Fact]
    public async Task Skipped_categories_yield_no_checks_and_a_missing_section_is_a_Warning_not_a_silent_pass()
    {
        var (readiness, _) = await _lab.Check("primary").Build(null, ReadinessCategory.Redis, ReadinessCategory.Application).RunAsync(CancellationToken.None);

        Assert.DoesNotContain(readiness.Checks, c => c.Category is ReadinessCategory.Redis or ReadinessCategory.Application);
        Assert.Equal(ReadinessVerdict.Degraded, readiness.Verdict);
        Assert.Contains(readiness.Checks, c => c.Name == "Kubernetes (not described)" && c.Status == ReadinessStatus.Warning);
        Assert.Contains(readiness.Checks, c => c.Name == "Qdrant (not described)");
        Assert.Contains(readiness.Checks, c => c.Name == "Backup (not described)");
        Assert.Empty(_lab.Http.Requests);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_Qdrant_check_by_its_variable_and_the_backups_fall_back_to_the_stores_sources()
    {
        await WriteBackupAsync("docs", minutesOld: 5);

        var (readiness, _) = await _lab.Check("locked").Build(null, ReadinessCategory.Kubernetes, ReadinessCategory.Redis, ReadinessCategory.Application).RunAsync(CancellationToken.None);
        var (skipped, _) = await _lab.Check("locked").Build(null, ReadinessCategory.Kubernetes, ReadinessCategory.Redis, ReadinessCategory.Application, ReadinessCategory.Qdrant).RunAsync(CancellationToken.None);

        var qdrant = Assert.Single(readiness.Checks, c => c.Category == ReadinessCategory.Qdrant);
        Assert.Equal(("Qdrant", ReadinessStatus.Failed), (qdrant.Name, qdrant.Status));
        Assert.Contains("PUBSECDR_TEST_NEVER_SET_KEY", qdrant.Observed);
        Assert.DoesNotContain(skipped.Checks, c => c.Category == ReadinessCategory.Qdrant);
        Assert.Equal(ReadinessStatus.Passed, Assert.Single(skipped.Checks, c => c.Name == "Backup Qdrant/docs").Status);
    }

    private Task WriteBackupAsync(string collection, int minutesOld) =>
        SyntheticBackup.WriteAsync(_lab.Store, collection, $"{collection}-{minutesOld}", 1, [new(new QdrantSnapshotBuilder(1).WithData(0), 0)],
            startedAt: _lab.Now.AddMinutes(-minutesOld));
}
