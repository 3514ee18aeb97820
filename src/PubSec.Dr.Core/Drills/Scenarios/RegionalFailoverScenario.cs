using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// Plan 2.1 as a drill: the failover's own steps (FailoverActions, as Invoke-RegionalFailover runs them) against a
/// drill-only DNS name and drill copies of the data in the target region. The target's readiness is judged; the
/// newest good backups in the target's store are restored into drill collections there and verified; the drill name,
/// first pointed at the source as the public name is, is switched to the target, its propagation waited for, and the
/// service checked through it; the target's scratch Redis (drillRedis) follows the source's Redis, catches up and is
/// promoted as the target's replica would be. Production records, collections and Redis data are never written. RPO:
/// the larger of the oldest backup restored and the Redis lag seen before the drill copy caught up.
/// </summary>
public sealed class RegionalFailoverScenario : IDrillScenario
{
    private List<(QdrantBackup Backup, string Scratch)> _chosen = [];
    private List<(QdrantBackup Backup, string Scratch)> _restored = [];

    public RegionalFailoverScenario()
    {
        Steps =
        [
            new("PrepareDrillRecord", "2.1 step 2 (the drill name answers as the public name does before a failover)", "Set-DrDnsRecord", false, PrepareRecordAsync),
            new("TargetReadiness", "2.1 step 1", "Test-DrRegionReadiness", true, ReadinessAsync),
            // As the failover promotes the target's replica (RedisData), the drill promotes a drill copy following the source.
            new("PromoteRedis", "2.1 step 3 (restore-redis)", "Invoke-RegionalFailover", true,
                (c, p, ct) => RedisDrillData.PromoteDrillCopyAsync(c, p, DrillRegions.Source(c.Request), c.Region, ct)),
            new("IdentifyLastGoodBackup", "2.1 step 3", "Test-BackupIntegrity", true, IdentifyAsync),
            new("RestoreQdrant", "2.1 step 3 (restore-qdrant)", "Restore-QdrantCluster", true, RestoreAsync),
            new("VerifyQdrant", "2.1 step 3 (data verified, 6.1)", "Compare-QdrantCollection", true, VerifyAsync),
            new("DnsSwitch", "2.1 step 2", "Set-DrDnsRecord", true, (c, p, ct) => WithActionsAsync(c, p, "DnsSwitch", c.Region, (a, s) => a.DnsSwitchAsync(s, false, ct))),
            new("DnsPropagation", "2.1 step 2 (verify propagation)", "Test-DrDnsPropagation", true, (c, p, ct) => WithActionsAsync(c, p, "DnsPropagation", c.Region, (a, s) => a.DnsPropagationAsync(s, ct))),
            new("VerifyService", "2.1 step 4", "Test-DrService", true, (c, p, ct) => WithActionsAsync(c, p, "ServiceThroughDrillName", c.Region, (a, s) => a.VerifyAsync(s, ct))),
        ];
    }

    public DrillScenario Scenario => DrillScenario.RegionalFailover;

    public IReadOnlyList<DrillStep> Steps { get; }

    /// <summary>
    /// Sets the drill name to the source's values (ledgered first: the next drill deletes it after a kill) and waits
    /// until every resolver answers them, so the switch later meets caches holding the old answer, as a real one does.
    /// The authoritative servers are waited for first: a caching resolver asked for the new name before they serve it
    /// would cache its absence for the zone's negative TTL (a day in a Route53 zone's SOA), and the drill would wait
    /// for nothing.
    /// </summary>
    private static async Task PrepareRecordAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var view = DrillDnsView.For(context.Request.Environment);
        var source = DrillRegions.Source(context.Request);
        phase.Details.Add($"Drill name {view.RequireDns().Records[0].Name} (the public name stays as it is); failing over from {source.Name} to {context.Region.Name}.");
        var authoritative = view.RequireDns().Resolvers.Where(r => r.Authoritative).ToList();
        await context.CreateAsync(DnsRecordRemover.ResourceKind, DrillDnsView.ResourceName(view), async () =>
        {
            await WithActionsAsync(context, phase, "DrillRecordAtSource", source, async (a, s) =>
            {
                await a.DnsSwitchAsync(s, false, ct).ConfigureAwait(false);
                if (authoritative.Count > 0)
                {
                    await Actions(context, source, DrillDnsView.WithResolvers(view, authoritative)).DnsPropagationAsync(s, ct).ConfigureAwait(false);
                }

                await a.DnsPropagationAsync(s, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    private static Task ReadinessAsync(DrillContext context, DrillPhase phase, CancellationToken ct) => IntoPhaseAsync(phase, async step =>
    {
        var notReady = await Actions(context, context.Region).TargetReadinessAsync(step, false, ct).ConfigureAwait(false);
        context.Check("TargetReadiness", notReady is null, string.Join("; ", step.Details), context.Region.Name);
        if (notReady is not null)
        {
            throw notReady;
        }
    });

    private async Task IdentifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct) =>
        _chosen = await QdrantDrillData.ChooseAsync(context, phase, "the target region has nothing to fail over with", ct).ConfigureAwait(false);

    private async Task RestoreAsync(DrillContext context, DrillPhase phase, CancellationToken ct) =>
        _restored = await QdrantDrillData.RestoreAllAsync(context, phase, _chosen, ct).ConfigureAwait(false);

    private Task VerifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct) => QdrantDrillData.VerifyAllAsync(context, phase, _restored, ct);

    /// <summary>Runs one failover action on the drill view toward <paramref name="to"/>, its details into the phase and its outcome as a check.</summary>
    private static Task WithActionsAsync(DrillContext context, DrillPhase phase, string check, DrRegion to, Func<FailoverActions, FailoverStep, Task> work) =>
        IntoPhaseAsync(phase, async step =>
        {
            try
            {
                await work(Actions(context, to), step).ConfigureAwait(false);
                context.Check(check, true, step.Details.Count == 0 ? "done" : string.Join("; ", step.Details), to.Name);
            }
            catch (DrException ex)
            {
                context.Check(check, false, $"{ex.ErrorId}: {ex.Message}", to.Name);
                throw;
            }
        });

    /// <summary>Runs failover work on a step of its own and hands what it wrote to the drill phase, also when it fails.</summary>
    private static async Task IntoPhaseAsync(DrillPhase phase, Func<FailoverStep, Task> work)
    {
        var step = new FailoverStep();
        try
        {
            await work(step).ConfigureAwait(false);
        }
        finally
        {
            phase.Details.AddRange(step.Details);
        }
    }

    // The failover's actions on the drill view: they read and move only the drill name, and check the service through it.
    private static FailoverActions Actions(DrillContext context, DrRegion to, DrEnvironment? view = null)
    {
        view ??= DrillDnsView.For(context.Request.Environment);
        var from = to.Name == context.Region.Name ? DrillRegions.Source(context.Request).Name : context.Region.Name;
        return new FailoverActions(context.Backends, view, from, to.Name)
        {
            Log = context.Log, DecryptionCertificates = context.Request.DecryptionCertificates, TrustedSigners = context.Request.TrustedSigners,
        };
    }
}
