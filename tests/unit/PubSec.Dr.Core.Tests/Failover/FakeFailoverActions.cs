using PubSec.Dr.Errors;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Tests.Failover;

/// <summary>
/// Regions in memory: what the source and target look like, what each step does to them, and every call in order
/// ("Redis plan", "Redis run" ...). <see cref="FailOnce"/> makes a step throw its first time; <see cref="Changes"/>
/// counts the calls that would change a region (plan=false).
/// </summary>
internal sealed class FakeFailoverActions : IFailoverActions
{
    private readonly object _gate = new();
    private int _running;

    public bool SourceHealthy { get; set; }

    public bool SourceReachable { get; set; } = true;

    public bool TargetReady { get; set; } = true;

    public long RedisLagSeconds { get; set; } = 2;

    public long QdrantBackupAgeSeconds { get; set; } = 600;

    public HashSet<FailoverStepName> FailOnce { get; } = [];

    public List<string> Calls { get; } = [];

    public int Changes { get; private set; }

    /// <summary>The most data steps that ran at the same moment.</summary>
    public int MostAtOnce { get; private set; }

    public TimeSpan DataDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public Task<bool> SourceHealthyAsync(FailoverStep step, CancellationToken ct)
    {
        Record("ConfirmTrigger");
        step.Details.Add($"source healthy: {SourceHealthy}");
        return Task.FromResult(SourceHealthy);
    }

    public Task<DrException?> TargetReadinessAsync(FailoverStep step, bool synced, CancellationToken ct)
    {
        Record("TargetReadiness");
        return Task.FromResult(TargetReady ? null : new DrException(ErrorIds.RegionNotReady, DrErrorCategory.InvalidResult,
            "Region 'secondary' is not ready: Kubernetes nodes: 0 of 3 Ready", "fix it", "secondary"));
    }

    public Task<bool> FenceSourceAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        Act(FailoverStepName.FenceSource, plan);
        if (!SourceReachable)
        {
            step.State[FailoverStateKeys.OperatorAction] = "scale primary to 0 before it returns";
            return Task.FromResult(false);
        }

        step.Details.Add(plan ? "Would scale Deployment app/web from 3 to 0." : "Scaled Deployment app/web from 3 to 0.");
        if (!plan)
        {
            step.State[FailoverStateKeys.DeploymentPrefix + "web"] = "3";
        }

        return Task.FromResult(true);
    }

    public async Task RedisDataAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        if (!plan)
        {
            // As the real step: the lag is journaled before the promotion, which cannot be measured again.
            step.State[FailoverStateKeys.RedisLagSeconds] = RedisLagSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await step.SaveAsync(ct);
        }

        await DataAsync(FailoverStepName.RedisData, plan, ct);
    }

    public async Task QdrantDataAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        await DataAsync(FailoverStepName.QdrantData, plan, ct);
        step.Details.Add(plan ? "Would restore 'docs' from backup b-1." : "Restored 'docs' from backup b-1.");
        if (!plan)
        {
            step.State[FailoverStateKeys.QdrantBackups] = "b-1";
            step.State[FailoverStateKeys.QdrantBackupAgeSeconds] = QdrantBackupAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public Task TargetWorkloadsAsync(FailoverStep step, bool rebuild, bool plan, CancellationToken ct)
    {
        Act(FailoverStepName.TargetWorkloads, plan);
        step.Details.Add($"rebuild: {rebuild}; scale back: {string.Join(",", step.State.Keys.Where(k => k.StartsWith(FailoverStateKeys.DeploymentPrefix, StringComparison.Ordinal)))}");
        if (!plan && rebuild)
        {
            step.State[FailoverStateKeys.ConfigBackup] = "config-1";
        }

        return Task.CompletedTask;
    }

    public Task SyncRedisAsync(FailoverStep step, bool plan, CancellationToken ct) => DataAsync(FailoverStepName.SyncRedis, plan, ct);

    public async Task SyncQdrantAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        await DataAsync(step.Name, plan, ct);
        if (!plan)
        {
            step.State[FailoverStateKeys.QdrantBackupAgeSeconds] = "0";
            step.State[FailoverStateKeys.DataLossBasis] = "synchronised from the active region";
        }
    }

    /// <summary>Differences Compare-RedisData finds before the switch; more than 0 fails the step as the real one does.</summary>
    public long RedisDifferences { get; set; }

    public async Task PromoteSyncedRedisAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        await DataAsync(FailoverStepName.RedisData, plan, ct);
        if (!plan)
        {
            step.State[FailoverStateKeys.RedisDifferences] = RedisDifferences.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (RedisDifferences > 0)
            {
                throw new DrException(ErrorIds.FailoverRedisDiffers, DrErrorCategory.InvalidResult, "differs", "retry", "redis");
            }

            step.State[FailoverStateKeys.RedisLagSeconds] = "0";
        }
    }

    public Task ReprotectAsync(FailoverStep step, IReadOnlyDictionary<string, string> fence, bool plan, CancellationToken ct)
    {
        Act(FailoverStepName.Reprotect, plan);
        step.Details.Add($"scale back: {string.Join(",", fence.Where(e => e.Key.StartsWith(FailoverStateKeys.DeploymentPrefix, StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}"))}");
        return Task.CompletedTask;
    }

    public Task DnsSwitchAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        Act(FailoverStepName.DnsSwitch, plan);
        step.Details.Add("UPSERT app.example.test. A 127.0.0.3");
        return Task.CompletedTask;
    }

    public Task DnsPropagationAsync(FailoverStep step, CancellationToken ct)
    {
        Act(FailoverStepName.DnsPropagation, false);
        return Task.CompletedTask;
    }

    public Task VerifyAsync(FailoverStep step, CancellationToken ct)
    {
        Act(FailoverStepName.Verify, false);
        return Task.CompletedTask;
    }

    private async Task DataAsync(FailoverStepName name, bool plan, CancellationToken ct)
    {
        Act(name, plan);
        if (plan)
        {
            return;
        }

        lock (_gate)
        {
            _running++;
            MostAtOnce = Math.Max(MostAtOnce, _running);
        }

        try
        {
            await Task.Delay(DataDelay, ct);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
            }
        }
    }

    private void Act(FailoverStepName name, bool plan)
    {
        Record($"{name} {(plan ? "plan" : "run")}");
        if (plan)
        {
            return;
        }

        lock (_gate)
        {
            Changes++;
            if (FailOnce.Remove(name))
            {
                throw new DrException(ErrorIds.QdrantUnreachable, DrErrorCategory.ConnectionError, $"{name} broke", "retry", name.ToString());
            }
        }
    }

    private void Record(string call)
    {
        lock (_gate)
        {
            Calls.Add(call);
        }
    }
}

/// <summary>A journal store in memory that keeps every version written, as JSON (so the tests see what a file would hold).</summary>
internal sealed class MemoryJournalStore : IFailoverJournalStore
{
    public List<byte[]> Versions { get; } = [];

    public string Location => "memory://journal.json";

    public FailoverJournal? Current => Versions.Count == 0 ? null : FailoverJournalJson.Deserialize(Versions[^1], Location);

    public Task<FailoverJournal?> ReadAsync(CancellationToken ct) => Task.FromResult(Current);

    public Task WriteAsync(FailoverJournal journal, CancellationToken ct)
    {
        lock (Versions)
        {
            Versions.Add(FailoverJournalJson.Serialize(journal));
        }

        return Task.CompletedTask;
    }
}
