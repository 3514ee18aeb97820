using System.Text;
using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

public sealed class DrillEngineTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly HashSet<string> _world = [];
    private readonly FakeRemover _remover;
    private readonly DrEnvironment _environment;

    public DrillEngineTests()
    {
        _remover = new FakeRemover(_world);
        var store = Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName;
        _environment = DrEnvironmentLoader.Parse($$"""
            { "name": "lab", "regions": { "primary": { "store": { "location": "{{store}}" } } },
              "objectives": { "rto": "00:10:00", "rtoMax": "00:20:00", "rpo": "00:30:00", "rpoMax": "01:00:00", "failoverRto": "00:30:00" } }
            """, Path.Combine(_root.Path, "env.json"));
    }

    private FolderBackupStore Store => new(_environment.Region("primary").Store!.Location);

    private DrillRequest Request => new(_environment, DrillScenario.DatabaseRestore, _environment.Region("primary"));

    private DrillEngine Engine(FakeScenario scenario) => new(BackendFactory.Default)
    {
        Scenarios = _ => scenario, Removers = [_remover], Shipped = name => name is "Restore-QdrantCluster" or "Invoke-DrDrill",
    };

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_drill_times_every_phase_sums_the_counted_ones_into_the_rto_removes_what_it_created_and_passes()
    {
        var scenario = new FakeScenario(_world);
        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.Equal(["RemoveLeftovers", "Restore", "Verify", "RemoveDrillResources"], result.Phases.Select(p => p.Name));
        Assert.All(result.Phases, p =>
        {
            Assert.True(p.Status == FailoverStepStatus.Succeeded, $"{p.Name}: {p.Status} {p.ErrorId} {p.Message}");
            Assert.NotNull(p.Duration);
            Assert.Equal(p.StartedAt + p.Duration, p.CompletedAt);
        });
        var counted = result.Phases.Where(p => p.CountsTowardRto).Select(p => p.Duration!.Value).ToList();
        Assert.Equal(2, counted.Count);
        Assert.Equal(counted[0] + counted[1], result.Rto);
        Assert.Equal(TimeSpan.FromMinutes(5), result.Rpo);
        Assert.Equal(DrillVerdict.Passed, result.Verdict);
        Assert.Equal(6, result.Criteria.Count);
        Assert.All(result.Criteria, c => Assert.True(c.Passed, c.ToString()));
        Assert.Empty(_world);
        Assert.Equal([$"pubsec-dr-drill-{result.Id}-docs"], result.Created.Select(r => r.Name));
        Assert.Equal(result.Created.Select(r => r.Name), result.Removed.Select(r => r.Name));
        Assert.All(result.Removed, r => Assert.NotNull(r.RemovedAt));
        Assert.Empty(result.LeftoversRemoved);
        Assert.DoesNotContain(_root.AllFiles(), f => f.Contains("/running/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ledger_names_a_resource_in_the_store_before_it_is_created()
    {
        var scenario = new FakeScenario(_world)
        {
            BeforeCreate = async id =>
            {
                var ledger = await ReadAsync(DrillNames.Ledger("lab", id));
                Assert.Contains($"pubsec-dr-drill-{id}-docs", ledger, StringComparison.Ordinal);
                Assert.Contains($"\"owner\": \"{Environment.MachineName}/{Environment.ProcessId}/", ledger, StringComparison.Ordinal);
            },
        };

        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.True(scenario.Created);
        Assert.Equal(DrillVerdict.Passed, result.Verdict);
    }

    [Fact]
    public async Task A_failed_phase_stops_the_drill_the_cleanup_still_runs_and_the_verdict_names_what_failed()
    {
        var scenario = new FakeScenario(_world) { FailRestore = true };
        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.Equal(FailoverStepStatus.Failed, result.Phases[1].Status);
        Assert.Equal(ErrorIds.DrillCheckFailed, result.Phases[1].ErrorId);
        Assert.Equal(FailoverStepStatus.NotStarted, result.Phases[2].Status);
        Assert.Equal(FailoverStepStatus.Succeeded, result.Phases[3].Status);
        Assert.Empty(_world);
        Assert.Equal(DrillVerdict.Failed, result.Verdict);
        var failed = result.Criteria.Where(c => !c.Passed).Select(c => c.Name).ToList();
        Assert.Contains("All checks passing", failed);
        Assert.Contains("Documentation accurate", failed);
        Assert.Contains("RTO < target", failed);
        var error = DrillFailures.Of(result);
        Assert.Equal(ErrorIds.DrillFailed, error.ErrorId);
        Assert.Contains("Restore backup-1: broken part", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phase_fails_on_its_own_failed_checks_not_on_an_earlier_phases()
    {
        // Restore records a failed check but goes on (a broken newest backup, an older one restored); Verify then
        // fails only if its own checks fail.
        var scenario = new FakeScenario(_world) { FailedCheckWithoutStopping = true };
        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.All(result.Phases, p => Assert.Equal(FailoverStepStatus.Succeeded, p.Status));
        Assert.Equal(["All checks passing"], result.Criteria.Where(c => !c.Passed).Select(c => c.Name));
    }

    [Fact]
    public async Task Ctrl_C_in_a_phase_still_removes_what_the_drill_created_and_its_ledger()
    {
        using var cancel = new CancellationTokenSource();
        var scenario = new FakeScenario(_world) { AfterCreate = cancel.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine(scenario).RunAsync(Request, (_, _) => true, null, cancel.Token));

        Assert.True(scenario.Created);
        Assert.Empty(_world);
        Assert.DoesNotContain(_root.AllFiles(), f => f.Contains("/drills/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_next_drill_removes_and_reports_what_a_dead_drill_left_and_leaves_a_live_one_alone()
    {
        _world.Add("pubsec-dr-drill-dead-docs");
        _world.Add("pubsec-dr-drill-live-docs");
        await WriteLedgerAsync("dead", $"{Environment.MachineName}/{DeadPid()}/x", DateTimeOffset.UtcNow.AddHours(1));
        await WriteLedgerAsync("live", $"{Environment.MachineName}/{Environment.ProcessId}/other-run", DateTimeOffset.UtcNow.AddHours(1));
        await WriteLedgerAsync("expired", $"elsewhere/1/x", DateTimeOffset.UtcNow.AddMinutes(-1));

        var result = (await Engine(new FakeScenario(_world)).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.Equal(["pubsec-dr-drill-dead-docs", "pubsec-dr-drill-expired-docs"], result.LeftoversRemoved.Select(r => r.Name).Order());
        Assert.Equal(["dead", "expired"], result.LeftoversRemoved.Select(r => r.DrillId).Order());
        Assert.Equal(["pubsec-dr-drill-live-docs"], _world);
        Assert.Equal(["store/drills/lab/running/live.json"], _root.AllFiles().Where(f => f.Contains("/running/", StringComparison.Ordinal)));
        Assert.Contains(result.Phases[0].Details, d => d.Contains("still running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_phase_performed_by_something_the_module_does_not_ship_fails_documentation_accurate()
    {
        var scenario = new FakeScenario(_world) { VerifiedBy = "scripts/verify-data-integrity.py" };
        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        var documentation = Assert.Single(result.Criteria, c => c.Name == "Documentation accurate");
        Assert.False(documentation.Passed);
        Assert.Contains("Verify: 'scripts/verify-data-integrity.py' is not a shipped cmdlet or runbook", documentation.Observed, StringComparison.Ordinal);
        Assert.Equal(DrillVerdict.Failed, result.Verdict);
    }

    [Theory]
    [InlineData(20, true, true)]
    [InlineData(45, false, true)]
    [InlineData(61, false, false)]
    public async Task The_rpo_is_judged_against_target_and_maximum(int minutes, bool target, bool maximum)
    {
        var scenario = new FakeScenario(_world) { Rpo = TimeSpan.FromMinutes(minutes) };
        var result = (await Engine(scenario).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        Assert.Equal(target, result.Criteria.Single(c => c.Name == "RPO < target").Passed);
        Assert.Equal(maximum, result.Criteria.Single(c => c.Name == "RPO < maximum").Passed);
        Assert.Equal(target && maximum ? DrillVerdict.Passed : DrillVerdict.Failed, result.Verdict);
    }

    [Fact]
    public async Task Declined_by_ShouldProcess_the_drill_writes_nothing_and_returns_nothing()
    {
        var scenario = new FakeScenario(_world);
        string? said = null;
        var result = await Engine(scenario).RunAsync(Request, (_, action) => { said = action; return false; }, null, CancellationToken.None);

        Assert.Null(result);
        Assert.False(scenario.Created);
        Assert.Empty(_root.AllFiles());
        Assert.Contains("Restore (2.2 step 3, Restore-QdrantCluster)", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_result_is_saved_as_camel_case_json_with_enum_names_and_utc_times_and_read_back_as_history()
    {
        var first = (await Engine(new FakeScenario(_world)).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;
        var second = (await Engine(new FakeScenario(_world) { FailRestore = true }).RunAsync(Request, (_, _) => true, null, CancellationToken.None))!;

        var json = await ReadAsync(DrillNames.History(first));
        Assert.Contains("\"scenario\": \"DatabaseRestore\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"Passed\"", json, StringComparison.Ordinal);
        Assert.Matches("\"startedAt\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z\"", json);

        var history = await new DrillHistoryStore(Store).ReadAsync("lab", null, null, CancellationToken.None);
        Assert.Equal([second.Id, first.Id], history.Drills.Select(d => d.Id));
        Assert.Equal(0.5, history.SuccessRate);
        Assert.Equal(first.Rto, history.Drills[1].Rto);
        Assert.Equal(first.Phases.Count, history.Drills[1].Phases.Count);
        Assert.Equal(DrObjectives.Plan with { Rto = TimeSpan.FromMinutes(10), RtoMax = TimeSpan.FromMinutes(20) }, history.Drills[1].Objectives);
        Assert.Single((await new DrillHistoryStore(Store).ReadAsync("lab", null, 1, CancellationToken.None)).Drills);
        Assert.Empty((await new DrillHistoryStore(Store).ReadAsync("lab", DrillScenario.SecurityBreach, null, CancellationToken.None)).Drills);
    }

    [Fact]
    public async Task Drills_of_the_same_second_come_newest_first_by_their_exact_start_also_with_Last()
    {
        var second = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        var history = new DrillHistoryStore(Store);
        // Ids against the order of time: key order alone would put them the wrong way round.
        foreach (var (id, ms) in new[] { ("ffff", 100), ("aaaa", 900), ("cccc", 500) })
        {
            await history.SaveAsync(new DrillResult { Id = id, Environment = "lab", StartedAt = second.AddMilliseconds(ms), Objectives = DrObjectives.Plan }, CancellationToken.None);
        }

        await history.SaveAsync(new DrillResult { Id = "0000", Environment = "lab", StartedAt = second.AddSeconds(-5), Objectives = DrObjectives.Plan }, CancellationToken.None);

        Assert.Equal(["aaaa", "cccc", "ffff", "0000"], (await history.ReadAsync("lab", null, null, CancellationToken.None)).Drills.Select(d => d.Id));
        Assert.Equal(["aaaa", "cccc"], (await history.ReadAsync("lab", null, 2, CancellationToken.None)).Drills.Select(d => d.Id));
    }

    private async Task<string> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private Task WriteLedgerAsync(string id, string owner, DateTimeOffset expires)
    {
        var record = new DrillLedgerRecord
        {
            Id = id, Environment = "lab", Owner = owner, ExpiresAt = expires, StartedAt = DateTimeOffset.UtcNow.AddHours(-1),
            Resources = [new DrillResource { Kind = "Fake", Region = "primary", Name = $"pubsec-dr-drill-{id}-docs", DrillId = id }],
        };
        return File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(_root.Path, "store/drills/lab/running")).FullName, $"{id}.json"),
            DrillJson.Serialize(record));
    }

    private static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private sealed class FakeRemover(HashSet<string> world) : IDrillResourceRemover
    {
        public string Kind => "Fake";

        public Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
        {
            world.Remove(resource.Name);
            return Task.CompletedTask;
        }
    }

    private sealed class FakeScenario : IDrillScenario
    {
        private readonly HashSet<string> _world;

        public FakeScenario(HashSet<string> world) => _world = world;

        public bool FailRestore { get; init; }

        public bool FailedCheckWithoutStopping { get; init; }

        public string VerifiedBy { get; init; } = "Restore-QdrantCluster";

        public TimeSpan Rpo { get; init; } = TimeSpan.FromMinutes(5);

        public Func<string, Task>? BeforeCreate { get; init; }

        public Action? AfterCreate { get; init; }

        public bool Created { get; private set; }

        public DrillScenario Scenario => DrillScenario.DatabaseRestore;

        public IReadOnlyList<DrillStep> Steps =>
        [
            new("Restore", "2.2 step 3", "Restore-QdrantCluster", true, RestoreAsync),
            new("Verify", "2.2 step 4", VerifiedBy, true, (context, _, _) =>
            {
                context.Check("PointCount", true, "3 points", "backup-1");
                DrillFailures.ThrowIfAny(context, ["PointCount", "BackupIntegrity"], "A restored collection differs.");
                return Task.CompletedTask;
            }),
        ];

        private async Task RestoreAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
        {
            var name = context.ScratchName("docs");
            await context.CreateAsync("Fake", name, async () =>
            {
                if (BeforeCreate is not null)
                {
                    await BeforeCreate(context.Id);
                }

                _world.Add(name);
                Created = true;
                return true;
            }, ct);
            AfterCreate?.Invoke();
            ct.ThrowIfCancellationRequested();
            await Task.Delay(20, ct);
            context.ObserveRpo(Rpo, "age of backup-1");
            context.Check("Restore", !FailRestore, FailRestore ? "broken part" : "restored", "backup-1");
            if (FailedCheckWithoutStopping)
            {
                context.Check("BackupIntegrity", false, "backup-2 fails Full integrity", "backup-2");
            }

            DrillFailures.ThrowIfAny(context, "Restore", "A backup could not be restored.");
        }
    }
}
