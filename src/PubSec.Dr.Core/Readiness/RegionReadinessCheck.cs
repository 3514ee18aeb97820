using System.Diagnostics;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Readiness;

/// <summary>
/// Test-DrRegionReadiness (plan 2.1 step 1): can this region take the load? Runs every probe of the region at once,
/// each under <see cref="CheckTimeout"/>, and judges the checks they yield (<see cref="RegionReadiness.VerdictOf"/>).
/// Read-only: it lists, asks and reads, and never changes anything in the region. A section the environment file
/// does not describe is a Warning check saying it was not looked at, never a silent pass.
/// </summary>
public sealed class RegionReadinessCheck(ReadinessBackends backends, DrEnvironment environment, DrRegion region)
{
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(10);

    public TimeSpan CheckTimeout { get; init; } = DefaultCheckTimeout;

    public IReadOnlyCollection<ReadinessCategory> Skip { get; init; } = [];

    public long MaxRedisLagBytes { get; init; } = 1 << 20;

    public int MaxRedisLagSeconds { get; init; } = 10;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>The clock backup ages are measured with.</summary>
    public Func<DateTime> Now { get; init; } = () => DateTime.UtcNow;

    /// <summary>The readiness and, when NotReady, RegionNotReady naming the failed checks (for -ErrorAction Stop in a runbook).</summary>
    public async Task<(RegionReadiness Readiness, DrException? Failure)> RunAsync(CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        // Each backend call must end inside its check's time: half of it to connect, all of it to answer.
        var deadlines = new NetworkDeadlines(CheckTimeout / 2, CheckTimeout);
        var checks = new List<ReadinessCheck>();
        var probes = new List<ReadinessProbe>();
        IQdrantCluster? qdrant = null;
        try
        {
            if (Wants(ReadinessCategory.Qdrant) || Wants(ReadinessCategory.Backup))
            {
                qdrant = OpenQdrant(checks);
            }

            AddProbes(probes, checks, qdrant, deadlines);
            Log.Verbose($"Checking region '{region.Name}' of '{environment.Name}': {probes.Count} probe(s), each within {CheckTimeout.TotalSeconds:0.###} s.");
            var results = await Task.WhenAll(probes.Select(p => ProbeRunner.RunAsync(p, CheckTimeout, ct))).ConfigureAwait(false);
            checks.AddRange(results.SelectMany(r => r));
        }
        finally
        {
            qdrant?.Dispose();
        }

        foreach (var check in checks)
        {
            check.Region = region.Name;
        }

        var readiness = new RegionReadiness
        {
            Environment = environment.Name,
            Region = region.Name,
            Checks = [.. checks.OrderBy(c => c.Category).ThenBy(c => c.Name, StringComparer.Ordinal)],
            StartedAt = started,
            Duration = clock.Elapsed,
        };
        readiness.Verdict = RegionReadiness.VerdictOf(readiness.Checks);
        var failure = readiness.Verdict != ReadinessVerdict.NotReady ? null : new DrException(ErrorIds.RegionNotReady, DrErrorCategory.InvalidResult,
            $"Region '{region.Name}' is not ready: {string.Join("; ", readiness.Checks.Where(c => c.Status == ReadinessStatus.Failed).Select(c => $"{c.Name}: {c.Observed}"))}",
            "Do not fail over to this region until the failed checks pass; each check's Advice says what to look at.", region.Name);
        return (readiness, failure);
    }

    private bool Wants(ReadinessCategory category) => !Skip.Contains(category);

    private IQdrantCluster? OpenQdrant(List<ReadinessCheck> checks)
    {
        if (region.Qdrant is not { } settings)
        {
            return null;
        }

        try
        {
            var connection = new QdrantConnection(settings.Rest, settings.Grpc, settings.ApiKey(),
                new NetworkDeadlines(CheckTimeout / 2, CheckTimeout / 2), $"regions.{region.Name}.qdrant.rest", $"regions.{region.Name}.qdrant.grpc");
            return backends.Qdrant.Qdrant(connection);
        }
        catch (DrException ex)
        {
            // With -Skip Qdrant the backup check only loses the live collection list; it falls back to the store's.
            if (Wants(ReadinessCategory.Qdrant))
            {
                checks.Add(ReadinessChecks.Make(ReadinessCategory.Qdrant, "Qdrant", ReadinessStatus.Failed, "a usable Qdrant connection", ex.Message, TimeSpan.Zero, ex.RecommendedAction));
            }
            else
            {
                Log.Warning($"The region's Qdrant cannot be used ({ex.Message}); the backups are checked for the collections the store holds.");
            }

            return null;
        }
    }

    private void AddProbes(List<ReadinessProbe> probes, List<ReadinessCheck> checks, IQdrantCluster? qdrant, NetworkDeadlines deadlines)
    {
        if (Wants(ReadinessCategory.Kubernetes) && Section(region.Kubernetes, ReadinessCategory.Kubernetes, "kubernetes", checks) is { } kubernetes)
        {
            probes.Add(KubernetesProbe.Create(backends.Kubernetes, kubernetes, deadlines));
        }

        if (Wants(ReadinessCategory.Qdrant) && Section(region.Qdrant, ReadinessCategory.Qdrant, "qdrant", checks) is not null && qdrant is not null)
        {
            probes.AddRange(QdrantProbes.Create(qdrant));
        }

        if (Wants(ReadinessCategory.Redis) && Section(region.Redis, ReadinessCategory.Redis, "redis", checks) is { } redis)
        {
            probes.Add(RedisProbeFor(redis, deadlines));
        }

        if (Wants(ReadinessCategory.Backup) && Section(region.Store, ReadinessCategory.Backup, "store", checks) is { } store)
        {
            probes.Add(BackupProbe.Create(() => backends.OpenStore(store), qdrant?.Points, environment.Objectives, Now, Log.Warning));
        }

        if (Wants(ReadinessCategory.Application) && Section(region.Application, ReadinessCategory.Application, "application", checks) is { } application)
        {
            probes.Add(ApplicationProbe.Create(backends.Http, application.BaseUrl, CheckTimeout));
        }
    }

    private ReadinessProbe RedisProbeFor(DrRedisSettings settings, NetworkDeadlines deadlines)
    {
        var name = $"{RedisProbe.Check} {settings.Endpoint}";
        try
        {
            var endpoint = new RedisEndpoint(settings.Endpoint, settings.Password(), settings.User) { Deadlines = deadlines };
            // The other regions' Redis: where this one's primary most likely is, reachable under the address the file gives.
            var others = environment.Regions.Values.Where(r => r.Name != region.Name && r.Redis is not null)
                .Select(r => new RedisEndpoint(r.Redis!.Endpoint, r.Redis.Password(), r.Redis.User) { Deadlines = deadlines }).ToList();
            return RedisProbe.Create(backends.Redis, endpoint, others, new RedisProbe.Limits(MaxRedisLagBytes, MaxRedisLagSeconds));
        }
        catch (DrException ex)
        {
            return new ReadinessProbe(name, ReadinessCategory.Redis, "answers", _ => Task.FromException<IReadOnlyList<ReadinessCheck>>(ex));
        }
    }

    private T? Section<T>(T? section, ReadinessCategory category, string field, List<ReadinessCheck> checks)
        where T : class
    {
        if (section is null)
        {
            checks.Add(ReadinessChecks.Make(category, $"{category} (not described)", ReadinessStatus.Warning, $"regions.{region.Name}.{field} in the environment file",
                "not in the environment file: not checked", TimeSpan.Zero,
                $"Describe regions.{region.Name}.{field} in the environment file, or leave the category out with -Skip {category}."));
        }

        return section;
    }
}
