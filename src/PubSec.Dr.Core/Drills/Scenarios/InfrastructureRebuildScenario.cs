using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// Plan 2.3 as a drill: the newest good configuration backup of the region's namespace applied to a fresh, drill-owned
/// namespace (Restore-DrKubernetesConfig's engine) and its workloads waited for (the wait of Invoke-RegionalFailover
/// -RebuildFrom), the newest good Qdrant backups restored into drill-owned collections at the same time (plan step 4), then smoke
/// checks: every workload ready, every restored collection equal to its manifest. The production namespace and
/// collections are never touched. RPO: the age of the oldest data backup used.
/// </summary>
public sealed class InfrastructureRebuildScenario : IDrillScenario
{
    private List<(QdrantBackup Backup, string Scratch)> _data = [];
    private List<(QdrantBackup Backup, string Scratch)> _restored = [];
    private KubernetesConfigBackup? _config;

    public InfrastructureRebuildScenario()
    {
        Steps =
        [
            new("IdentifyBackups", "2.3 step 3", "Get-DrBackup", true, IdentifyAsync),
            // Plan 2.3 step 4 restores the data while the configuration is applied: the two run side by side.
            new("ApplyConfiguration", "2.3 step 3", "Restore-DrKubernetesConfig", true, ApplyAsync) { WithNext = true },
            new("RestoreData", "2.3 step 4", "Restore-QdrantCluster", true, RestoreAsync),
            new("WaitWorkloads", "2.3 step 3", "Invoke-RegionalFailover", true, WaitAsync),
            new("SmokeChecks", "2.3 step 6", "Compare-QdrantCollection", true, SmokeAsync),
        ];
    }

    public DrillScenario Scenario => DrillScenario.InfrastructureRebuild;

    public IReadOnlyList<DrillStep> Steps { get; }

    /// <summary>A drill namespace name: the drill prefix and id, a valid DNS label (lower case, at most 63 characters).</summary>
    public static string NamespaceOf(DrillContext context) => $"{DrillNames.ScratchPrefix}{context.Id}";

    private async Task IdentifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var ns = context.Region.Require(r => r.Kubernetes, "kubernetes").Namespace;
        var (config, candidates) = await NewestConfigBackup.FindAsync(context.Store, ns, null, context.Keys, context.Request.TrustedSigners, context.Log, ct)
            .ConfigureAwait(false);
        context.Check("ConfigBackupIntegrity", config is not null,
            config is null ? $"no configuration backup of {ns} passes Full integrity ({candidates} found)" : $"backup {config.Id} of {ns} (completed {config.CompletedAt:u}) passes Full integrity",
            config?.Id ?? ns);
        if (config is null)
        {
            throw new DrException(ErrorIds.DrillNothingToRestore, DrErrorCategory.InvalidData,
                $"No configuration backup of namespace {ns} in {context.Store.Location} passes Full integrity: the namespace cannot be rebuilt.",
                "Back it up with Backup-DrKubernetesConfig (plan 1.3) into this region's store.", ns);
        }

        _config = config;
        phase.Details.Add($"Configuration: backup {config.Id} of {ns}, completed {config.CompletedAt:u}.");
        _data = await QdrantDrillData.ChooseAsync(context, phase, "its data cannot be rebuilt", ct).ConfigureAwait(false);
    }

    private async Task ApplyAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var settings = context.Region.Require(r => r.Kubernetes, "kubernetes");
        var target = new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, NamespaceOf(context));
        var request = new KubernetesConfigRestoreRequest { Backup = _config!, Target = target, Keys = context.Keys, TrustedSigners = context.Request.TrustedSigners };
        var applied = 0;
        var failed = new List<string>();
        await context.CreateAsync(NamespaceRemover.ResourceKind, target.Namespace, async () =>
        {
            await foreach (var (result, failure) in new KubernetesConfigRestoreEngine(context.Backends, context.Log).RestoreAsync(request, (_, _) => true, ct).ConfigureAwait(false))
            {
                applied++;
                if (failure is not null)
                {
                    failed.Add($"{result.Kind}/{result.Name}: {failure.Message}");
                }
            }

            return applied;
        }, ct).ConfigureAwait(false);
        context.Check("ConfigurationApplied", failed.Count == 0,
            failed.Count == 0 ? $"{applied} object(s) of backup {_config!.Id} applied to {target.Namespace}" : string.Join("; ", failed.Take(3)), target.Namespace);
        phase.Details.Add($"Applied configuration backup {_config!.Id} to the drill namespace {target.Namespace} in {context.Region.Name}: {applied} object(s), {failed.Count} failed.");
        DrillFailures.ThrowIfAny(context, "ConfigurationApplied", "The configuration backup could not be applied.");
    }

    private async Task RestoreAsync(DrillContext context, DrillPhase phase, CancellationToken ct) =>
        _restored = await QdrantDrillData.RestoreAllAsync(context, phase, _data, ct).ConfigureAwait(false);

    private static async Task WaitAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var settings = context.Region.Require(r => r.Kubernetes, "kubernetes");
        using var objects = context.Backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, NamespaceOf(context)), null);
        var (ready, waited) = await new WorkloadReadiness(objects).WaitAsync(context.Region.Name, ct).ConfigureAwait(false);
        foreach (var workload in ready)
        {
            context.Check("WorkloadReady", true, workload, objects.Target.Namespace);
        }

        phase.Details.Add($"Workloads of {objects.Target.Namespace} ready after {waited.TotalSeconds:0.#} s: {string.Join(", ", ready)}.");
    }

    private Task SmokeAsync(DrillContext context, DrillPhase phase, CancellationToken ct) => QdrantDrillData.VerifyAllAsync(context, phase, _restored, ct);
}
