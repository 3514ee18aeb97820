using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Tests.Failover;

public sealed class RegionalFailoverEngineTests
{
    private static readonly FailoverRequest Request = new("lab", "primary", "secondary", DrObjectives.Plan);

    private readonly FakeFailoverActions _actions = new();
    private readonly MemoryJournalStore _journal = new();

    private RegionalFailoverEngine Engine(FailoverLeasePolicy? lease = null) => new(_actions, _journal) { Lease = lease ?? new FailoverLeasePolicy() };

    private Task<(FailoverResult Result, DrException? Failure)> RunAsync(FailoverRequest? request = null, bool confirm = true, FailoverLeasePolicy? lease = null) =>
        Engine(lease).RunAsync(request ?? Request, (_, _) => confirm, null, CancellationToken.None);

    [Fact]
    public async Task The_steps_run_in_the_plan_order_and_each_is_timed()
    {
        var (result, failure) = await RunAsync();

        Assert.Null(failure);
        Assert.Equal(FailoverKind.Failover, result.Kind);
        Assert.Equal(
            [FailoverStepName.ConfirmTrigger, FailoverStepName.TargetReadiness, FailoverStepName.FenceSource, FailoverStepName.RedisData, FailoverStepName.QdrantData,
             FailoverStepName.DnsSwitch, FailoverStepName.DnsPropagation, FailoverStepName.Verify, FailoverStepName.Notice],
            result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s =>
        {
            Assert.Equal(FailoverStepStatus.Succeeded, s.Status);
            Assert.NotNull(s.StartedAt);
            Assert.NotNull(s.Duration);
        });
        var runs = _actions.Calls.Where(c => !c.EndsWith(" plan", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ConfirmTrigger", "TargetReadiness", "FenceSource run"], runs.Take(3));
        Assert.Equal(["DnsSwitch run", "DnsPropagation run", "Verify run"], runs.TakeLast(3));
        Assert.True(result.SourceFenced);
        Assert.NotNull(result.Rto);
        Assert.NotNull(result.Notice);
        Assert.Null(_journal.Current!.Lease);
    }

    [Fact]
    public async Task Redis_and_Qdrant_data_steps_run_at_the_same_time()
    {
        _actions.DataDelay = TimeSpan.FromMilliseconds(300);

        await RunAsync();

        Assert.Equal(2, _actions.MostAtOnce);
    }

    [Fact]
    public async Task A_healthy_source_is_refused_without_Force_and_nothing_changes()
    {
        _actions.SourceHealthy = true;

        var (result, failure) = await RunAsync();

        Assert.Equal(ErrorIds.FailoverSourceHealthy, failure?.ErrorId);
        Assert.Equal(FailoverVerdict.Failed, result.Verdict);
        Assert.Equal(0, _actions.Changes);
        Assert.Empty(_journal.Versions);
    }

    [Fact]
    public async Task A_healthy_source_with_Force_is_a_planned_switchover_synced_before_fencing_and_reprotected()
    {
        _actions.SourceHealthy = true;

        var (result, failure) = await RunAsync(Request with { Force = true });

        Assert.Null(failure);
        Assert.Equal(FailoverKind.Switchover, result.Kind);
        Assert.Contains(result.Step(FailoverStepName.ConfirmTrigger)!.Details, d => d.Contains("planned switchover", StringComparison.Ordinal));
        Assert.Null(result.Step(FailoverStepName.TargetWorkloads));
        var runs = _actions.Calls.Where(c => c.EndsWith(" run", StringComparison.Ordinal)).ToList();
        Assert.True(runs.IndexOf("SyncRedis run") < runs.IndexOf("FenceSource run"));
        Assert.True(runs.IndexOf("SyncQdrant run") < runs.IndexOf("FenceSource run"));
        Assert.Equal("Reprotect run", runs[^1]);
        Assert.Contains("web=3", result.Step(FailoverStepName.Reprotect)!.Details[0], StringComparison.Ordinal);
        Assert.Equal(0, result.RedisDifferences);
        Assert.All(result.DataLoss, loss => Assert.Equal(TimeSpan.Zero, loss.Window));
    }

    [Fact]
    public async Task A_NotReady_target_stops_before_fencing_with_the_failed_checks()
    {
        _actions.TargetReady = false;

        var (result, failure) = await RunAsync();

        Assert.Equal(ErrorIds.RegionNotReady, failure?.ErrorId);
        Assert.Contains("Kubernetes nodes", failure!.Message, StringComparison.Ordinal);
        Assert.Equal(FailoverStepStatus.Failed, result.Step(FailoverStepName.TargetReadiness)!.Status);
        Assert.Equal(FailoverStepStatus.NotStarted, result.Step(FailoverStepName.FenceSource)!.Status);
        Assert.Equal(0, _actions.Changes);
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("FenceSource", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_source_is_recorded_as_not_fenced_with_the_operator_action()
    {
        _actions.SourceReachable = false;

        var (result, failure) = await RunAsync();

        Assert.Null(failure);
        var fence = result.Step(FailoverStepName.FenceSource)!;
        Assert.Equal(FailoverStepStatus.Skipped, fence.Status);
        Assert.Contains(fence.Details, d => d.Contains("Not fenced", StringComparison.Ordinal));
        Assert.False(result.SourceFenced);
        Assert.Equal(["scale primary to 0 before it returns"], result.OperatorActions);
        Assert.Equal(FailoverStepStatus.Succeeded, result.Step(FailoverStepName.Verify)!.Status);
    }

    [Fact]
    public async Task A_run_after_a_failed_step_continues_there_without_repeating_the_steps_that_succeeded()
    {
        _actions.FailOnce.Add(FailoverStepName.QdrantData);

        var (first, failure) = await RunAsync();
        Assert.Equal(ErrorIds.QdrantUnreachable, failure?.ErrorId);
        Assert.Equal(FailoverStepStatus.Failed, first.Step(FailoverStepName.QdrantData)!.Status);
        Assert.Equal(FailoverStepStatus.Succeeded, first.Step(FailoverStepName.RedisData)!.Status);
        Assert.Equal(FailoverStepStatus.NotStarted, first.Step(FailoverStepName.DnsSwitch)!.Status);
        var fencedAt = first.Step(FailoverStepName.FenceSource)!.StartedAt;
        _actions.Calls.Clear();

        var (second, again) = await RunAsync();

        Assert.Null(again);
        Assert.True(second.Resumed);
        Assert.Equal(["QdrantData run", "DnsSwitch run", "DnsPropagation run", "Verify run"],
            _actions.Calls.Where(c => c.EndsWith(" run", StringComparison.Ordinal)));
        Assert.DoesNotContain("ConfirmTrigger", _actions.Calls);
        Assert.Equal(fencedAt, second.Step(FailoverStepName.FenceSource)!.StartedAt);
        Assert.Equal("2", second.Step(FailoverStepName.RedisData)!.State[FailoverStateKeys.RedisLagSeconds]);
        Assert.Equal(first.StartedAt, second.StartedAt);
    }

    [Fact]
    public async Task Restart_starts_over()
    {
        _actions.FailOnce.Add(FailoverStepName.DnsSwitch);
        await RunAsync();
        _actions.Calls.Clear();

        var (result, failure) = await RunAsync(Request with { Restart = true });

        Assert.Null(failure);
        Assert.False(result.Resumed);
        Assert.Contains("FenceSource run", _actions.Calls);
    }

    [Fact]
    public async Task A_live_lease_of_another_run_is_refused_with_FailoverInProgress()
    {
        var other = FailoverJournal.Start("lab", "primary", "secondary", DateTimeOffset.UtcNow, null);
        other.Lease = new FailoverLease("otherhost/1234/abc", DateTimeOffset.UtcNow.AddMinutes(1));
        await _journal.WriteAsync(other, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DrException>(() => RunAsync());

        Assert.Equal(ErrorIds.FailoverInProgress, error.ErrorId);
        Assert.Empty(_actions.Calls);
    }

    [Fact]
    public async Task An_expired_lease_or_one_whose_process_is_gone_is_free()
    {
        var expired = FailoverJournal.Start("lab", "primary", "secondary", DateTimeOffset.UtcNow, null);
        expired.Lease = new FailoverLease("otherhost/1234/abc", DateTimeOffset.UtcNow.AddMinutes(-1));
        await _journal.WriteAsync(expired, CancellationToken.None);
        Assert.Null((await RunAsync()).Failure);

        var killed = FailoverJournal.Start("lab", "primary", "secondary", DateTimeOffset.UtcNow, null);
        killed.Lease = new FailoverLease($"{System.Environment.MachineName}/999999/abc", DateTimeOffset.UtcNow.AddMinutes(1));
        await _journal.WriteAsync(killed, CancellationToken.None);
        Assert.Null((await RunAsync(lease: new FailoverLeasePolicy { ProcessAlive = _ => false })).Failure);
    }

    [Fact]
    public async Task WhatIf_shows_the_whole_plan_and_changes_nothing()
    {
        string? shown = null;
        var (result, failure) = await Engine().RunAsync(Request, (_, plan) =>
        {
            shown = plan;
            return false;
        }, null, CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(FailoverVerdict.Planned, result.Verdict);
        Assert.Equal(0, _actions.Changes);
        Assert.Empty(_journal.Versions);
        Assert.Contains("Would scale Deployment app/web from 3 to 0.", shown, StringComparison.Ordinal);
        Assert.Contains("Would restore 'docs' from backup b-1.", shown, StringComparison.Ordinal);
        Assert.Contains("UPSERT app.example.test. A 127.0.0.3", shown, StringComparison.Ordinal);
        Assert.Contains("RedisData", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_journal_is_written_as_each_step_changes()
    {
        await RunAsync();

        var statuses = _journal.Versions.Select(v => FailoverJournalJson.Deserialize(v, "j").Step(FailoverStepName.FenceSource).Status).Distinct().ToList();
        Assert.Contains(FailoverStepStatus.Running, statuses);
        Assert.Contains(FailoverStepStatus.Succeeded, statuses);
    }

    [Fact]
    public async Task The_same_regions_are_refused()
    {
        var error = await Assert.ThrowsAsync<DrException>(() => RunAsync(Request with { To = "primary" }));

        Assert.Equal(ErrorIds.FailoverRegionsSame, error.ErrorId);
    }

    private static FailoverJournal CompletedReverse(DateTimeOffset startedAt)
    {
        var reverse = FailoverJournal.Start("lab", "secondary", "primary", startedAt, null);
        reverse.Settle(FailoverKind.Failover);
        foreach (var step in reverse.Steps)
        {
            step.Status = FailoverStepStatus.Succeeded;
        }

        reverse.Step(FailoverStepName.FenceSource).State[FailoverStateKeys.DeploymentPrefix + "api"] = "2";
        return reverse;
    }

    private Task<(FailoverResult Result, DrException? Failure)> FailbackAsync(MemoryJournalStore reverse, bool confirm = true) =>
        new RegionalFailoverEngine(_actions, _journal) { ReverseJournal = reverse }.RunAsync(Request, (_, _) => confirm, null, CancellationToken.None);

    [Fact]
    public async Task A_healthy_source_that_took_over_in_a_completed_opposite_failover_is_a_failback_without_Force()
    {
        _actions.SourceHealthy = true;
        var reverse = new MemoryJournalStore();
        await reverse.WriteAsync(CompletedReverse(DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);

        var (result, failure) = await FailbackAsync(reverse);

        Assert.Null(failure);
        Assert.Equal(FailoverKind.Failback, result.Kind);
        Assert.Equal(
            [FailoverStepName.ConfirmTrigger, FailoverStepName.TargetWorkloads, FailoverStepName.TargetReadiness, FailoverStepName.SyncRedis, FailoverStepName.SyncQdrant,
             FailoverStepName.FenceSource, FailoverStepName.RedisData, FailoverStepName.QdrantData, FailoverStepName.DnsSwitch, FailoverStepName.DnsPropagation,
             FailoverStepName.Verify, FailoverStepName.Reprotect, FailoverStepName.Notice],
            result.Steps.Select(s => s.Name));
        // The Deployments the failover fenced in the returning region are scaled back before it is judged.
        Assert.Contains("deployment/api", result.Step(FailoverStepName.TargetWorkloads)!.Details[0], StringComparison.Ordinal);
        var runs = _actions.Calls.Where(c => c.EndsWith(" run", StringComparison.Ordinal) || !c.Contains(' ', StringComparison.Ordinal)).ToList();
        Assert.True(runs.IndexOf("TargetWorkloads run") < runs.IndexOf("TargetReadiness"));
        Assert.True(runs.IndexOf("RedisData run") < runs.IndexOf("DnsSwitch run"));
        Assert.Equal(0, result.RedisDifferences);
        Assert.Equal(FailoverVerdict.WithinObjectives, result.Verdict);
    }

    [Fact]
    public async Task A_failback_whose_Redis_differs_before_the_switch_stops_before_DNS_and_resumes_there()
    {
        _actions.SourceHealthy = true;
        _actions.RedisDifferences = 3;
        var reverse = new MemoryJournalStore();
        await reverse.WriteAsync(CompletedReverse(DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);

        var (first, failure) = await FailbackAsync(reverse);

        Assert.Equal(ErrorIds.FailoverRedisDiffers, failure?.ErrorId);
        Assert.Equal(3, first.RedisDifferences);
        Assert.Equal(FailoverStepStatus.NotStarted, first.Step(FailoverStepName.DnsSwitch)!.Status);
        Assert.DoesNotContain("DnsSwitch run", _actions.Calls);

        _actions.RedisDifferences = 0;
        var (second, again) = await FailbackAsync(reverse);

        Assert.Null(again);
        Assert.True(second.Resumed);
        Assert.Equal(FailoverKind.Failback, second.Kind);
        Assert.Equal(1, _actions.Calls.Count(c => c == "SyncRedis run"));
    }

    [Fact]
    public async Task The_opposite_failover_in_the_same_journal_file_makes_a_failback()
    {
        _actions.SourceHealthy = true;
        await _journal.WriteAsync(CompletedReverse(DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);

        var (result, failure) = await RunAsync();

        Assert.Null(failure);
        Assert.Equal(FailoverKind.Failback, result.Kind);
        Assert.Equal("primary", _journal.Current!.From);
    }

    [Fact]
    public async Task An_opposite_failover_older_than_the_last_run_this_way_is_no_failback()
    {
        _actions.SourceHealthy = true;
        var reverse = new MemoryJournalStore();
        await reverse.WriteAsync(CompletedReverse(DateTimeOffset.UtcNow.AddHours(-2)), CancellationToken.None);
        var earlier = FailoverJournal.Start("lab", "primary", "secondary", DateTimeOffset.UtcNow.AddHours(-1), null);
        earlier.Settle(FailoverKind.Failover);
        earlier.Steps.ForEach(s => s.Status = FailoverStepStatus.Succeeded);
        await _journal.WriteAsync(earlier, CancellationToken.None);

        var (_, failure) = await FailbackAsync(reverse);

        Assert.Equal(ErrorIds.FailoverSourceHealthy, failure?.ErrorId);
        Assert.Equal(0, _actions.Changes);
    }

    [Fact]
    public async Task A_rebuild_prepares_the_target_workloads_after_confirmation_and_judges_readiness_after_them()
    {
        var (result, failure) = await RunAsync(Request with { Rebuild = true });

        Assert.Null(failure);
        Assert.Equal("config-1", result.Step(FailoverStepName.TargetWorkloads)!.State[FailoverStateKeys.ConfigBackup]);
        var runs = _actions.Calls.Where(c => c.EndsWith(" run", StringComparison.Ordinal) || !c.Contains(' ', StringComparison.Ordinal)).ToList();
        Assert.Equal(["ConfirmTrigger", "TargetWorkloads run", "TargetReadiness", "FenceSource run"], runs.Take(4));
        Assert.Null(result.Step(FailoverStepName.SyncRedis));
    }

    [Fact]
    public async Task A_rebuild_under_WhatIf_describes_the_configuration_and_changes_nothing()
    {
        var (result, failure) = await RunAsync(Request with { Rebuild = true }, confirm: false);

        Assert.Null(failure);
        Assert.Equal(FailoverVerdict.Planned, result.Verdict);
        Assert.Contains("TargetWorkloads plan", _actions.Calls);
        Assert.Equal(0, _actions.Changes);
        Assert.Empty(_journal.Versions);
    }

    [Fact]
    public async Task A_rebuilt_target_that_is_not_ready_stops_before_fencing()
    {
        _actions.TargetReady = false;

        var (result, failure) = await RunAsync(Request with { Rebuild = true });

        Assert.Equal(ErrorIds.RegionNotReady, failure?.ErrorId);
        Assert.Equal(FailoverStepStatus.Succeeded, result.Step(FailoverStepName.TargetWorkloads)!.Status);
        Assert.Equal(FailoverStepStatus.NotStarted, result.Step(FailoverStepName.FenceSource)!.Status);
    }

    [Fact]
    public async Task A_step_checkpoint_journals_its_state_while_it_still_runs()
    {
        await RunAsync();

        var versions = _journal.Versions.Select(v => FailoverJournalJson.Deserialize(v, "j").Step(FailoverStepName.RedisData)).ToList();
        Assert.Contains(versions, s => s.Status == FailoverStepStatus.Running && s.State.ContainsKey(FailoverStateKeys.RedisLagSeconds));
    }
}
