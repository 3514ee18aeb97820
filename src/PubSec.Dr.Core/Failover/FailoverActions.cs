using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Operations;
using PubSec.Dr.Readiness;

namespace PubSec.Dr.Failover;

/// <summary>
/// The failover steps done with the module's own engines: readiness (RegionReadinessCheck), fencing (the Deployment
/// scale subresource, Redis CONFIG SET), Redis promotion after RedisReplicationChecker's lag, Qdrant's newest good
/// backup compared and restored (QdrantComparisonEngine, QdrantRestoreEngine), DnsRecordSwitch, DnsPropagationCheck
/// and PublicServiceCheck. Nothing here is a second copy of what a single cmdlet does.
/// </summary>
public sealed partial class FailoverActions(IBackendFactory backends, DrEnvironment environment, string from, string to) : IFailoverActions
{
    private readonly DrRegion _source = environment.Region(from);
    private readonly DrRegion _target = environment.Region(to);

    // A source Redis that did not answer (a frozen host times out, it does not refuse) is not asked again in this
    // run: planning, fencing and the lag would otherwise each wait SourceTimeout for it. A new run asks again.
    private string? _sourceRedisSilent;

    /// <summary>How long a call to the failing region may take: a region that is down must not hold the failover up.</summary>
    public TimeSpan SourceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReadinessCheckTimeout { get; init; } = RegionReadinessCheck.DefaultCheckTimeout;

    public TimeSpan DnsWaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ServiceRetryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public IReadOnlyList<X509Certificate2> DecryptionCertificates { get; init; } = [];

    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    public Func<DateTime> Now { get; init; } = () => DateTime.UtcNow;

    public async Task<bool> SourceHealthyAsync(FailoverStep step, CancellationToken ct)
    {
        // The trigger is what users lose: the application and the vector store. Kubernetes, Redis and backups are
        // not asked here; a source whose API is gone but whose app answers is not an outage.
        var check = new RegionReadinessCheck(ReadinessBackends.From(backends), environment, _source)
        {
            CheckTimeout = SourceTimeout, Skip = [ReadinessCategory.Kubernetes, ReadinessCategory.Redis, ReadinessCategory.Backup], Log = Log,
        };
        var (readiness, _) = await check.RunAsync(ct).ConfigureAwait(false);
        foreach (var c in readiness.Checks)
        {
            step.Details.Add($"{from} {c.Name}: {c.Status} ({c.Observed})");
        }

        return readiness.Checks.All(c => c.Status != ReadinessStatus.Failed);
    }

    public async Task<DrException?> TargetReadinessAsync(FailoverStep step, bool synced, CancellationToken ct)
    {
        var check = new RegionReadinessCheck(ReadinessBackends.From(backends), environment, _target)
        {
            CheckTimeout = ReadinessCheckTimeout, Log = Log, Now = Now,
            // The target's replica follows a primary that is down now: its lag is measured, not judged, in RedisData.
            // Synced from a live source, the target does not restore from its own backups, so they are not judged either.
            Skip = synced ? [ReadinessCategory.Redis, ReadinessCategory.Backup] : [ReadinessCategory.Redis],
        };
        var (readiness, notReady) = await check.RunAsync(ct).ConfigureAwait(false);
        step.Details.Add($"{to}: {readiness.Verdict}");
        foreach (var c in readiness.Checks.Where(c => c.Status != ReadinessStatus.Passed))
        {
            step.Details.Add($"{c.Name}: {c.Status} ({c.Observed})");
        }

        return notReady;
    }

    private NetworkDeadlines SourceDeadlines => new(SourceTimeout, SourceTimeout);

    private static bool Unreachable(DrException ex) => ex.ErrorId is ErrorIds.KubernetesUnreachable or ErrorIds.KubernetesTimeout
        or ErrorIds.RedisUnreachable or ErrorIds.RedisTimeout;
}
