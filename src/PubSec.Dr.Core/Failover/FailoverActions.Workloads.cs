using System.Globalization;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Failover;

/// <summary>
/// TargetWorkloads: a rebuild (plan 2.3 steps 3–4) applies a configuration backup to the target's empty namespace
/// with the engine of Restore-DrKubernetesConfig; a failback scales back the Deployments the earlier failover fenced
/// there; both then wait until every Deployment and StatefulSet in the namespace is ready, before data moves.
/// </summary>
public sealed partial class FailoverActions
{
    /// <summary>The configuration backup a rebuild applies (-RebuildFrom); null: the newest good one of the namespace in the target's store.</summary>
    public KubernetesConfigBackup? RebuildFrom { get; init; }

    /// <summary>How long the target's workloads may take to become ready.</summary>
    public TimeSpan WorkloadTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public async Task TargetWorkloadsAsync(FailoverStep step, bool rebuild, bool plan, CancellationToken ct)
    {
        var settings = _target.Require(r => r.Kubernetes, "kubernetes");
        var ns = new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, settings.Namespace);
        using var objects = backends.KubernetesObjects(ns, null);
        if (rebuild)
        {
            await RebuildAsync(step, objects, plan, ct).ConfigureAwait(false);
        }

        var scaleBack = step.State.Where(e => e.Key.StartsWith(FailoverStateKeys.DeploymentPrefix, StringComparison.Ordinal)).ToList();
        if (scaleBack.Count > 0)
        {
            using var workloads = backends.Kubernetes(settings.ToTarget(), null);
            foreach (var (key, value) in scaleBack)
            {
                var name = key[FailoverStateKeys.DeploymentPrefix.Length..];
                var replicas = int.Parse(value, CultureInfo.InvariantCulture);
                if (await workloads.ReadDeploymentScaleAsync(name, ct).ConfigureAwait(false) != 0)
                {
                    continue;
                }

                if (!plan)
                {
                    await workloads.ScaleDeploymentAsync(name, replicas, ct).ConfigureAwait(false);
                }

                step.Details.Add($"{(plan ? "Would scale" : "Scaled")} Deployment {settings.Namespace}/{name} of '{to}' back to {replicas} (fenced by the earlier failover).");
            }
        }

        if (plan)
        {
            step.Details.Add($"Then wait until every Deployment and StatefulSet in {settings.Namespace} of '{to}' is ready.");
            return;
        }

        await WaitWorkloadsReadyAsync(step, objects, ct).ConfigureAwait(false);
    }

    private async Task RebuildAsync(FailoverStep step, IKubernetesObjects objects, bool plan, CancellationToken ct)
    {
        var ns = objects.Target.Namespace;
        // A rebuild goes into an empty namespace; once this run applied part of it, a resumed attempt goes on.
        if (!step.State.ContainsKey(FailoverStateKeys.ConfigBackup) && await objects.NamespaceExistsAsync(ct).ConfigureAwait(false))
        {
            var present = new List<string>();
            foreach (var type in new[] { ConfigResourceTypes.Deployments, ConfigResourceTypes.StatefulSets })
            {
                present.AddRange((await objects.ListAsync(type, ct).ConfigureAwait(false) ?? []).Select(o => $"{type.Kind}/{o["metadata"]?["name"]}"));
            }

            if (present.Count > 0)
            {
                throw new DrException(ErrorIds.FailoverRebuildTargetNotEmpty, DrErrorCategory.ResourceExists,
                    $"Namespace {ns} of '{to}' is not empty ({string.Join(", ", present.Take(5))}); a rebuild applies a configuration backup to an empty namespace.",
                    "Fail over without -RebuildFrom, or bring its configuration up to date with Restore-DrKubernetesConfig first.", ns);
            }
        }

        using var keys = new DecryptionKeyRing(DecryptionCertificates);
        var backup = await RebuildBackupAsync(step, ns, keys, ct).ConfigureAwait(false);
        if (plan)
        {
            step.Details.Add($"Would apply configuration backup {backup.Id} (namespace {backup.Namespace}, {backup.CompletedAt:u}) to namespace {ns} of '{to}'.");
            return;
        }

        step.State[FailoverStateKeys.ConfigBackup] = backup.Id;
        await step.SaveAsync(ct).ConfigureAwait(false);
        var request = new KubernetesConfigRestoreRequest { Backup = backup, Target = objects.Target, Keys = keys, TrustedSigners = TrustedSigners };
        var actions = new Dictionary<KubernetesConfigAction, int>();
        var failures = new List<string>();
        await foreach (var (result, failure) in new KubernetesConfigRestoreEngine(backends, Log).RestoreAsync(request, (_, _) => true, ct).ConfigureAwait(false))
        {
            actions[result.Action] = actions.GetValueOrDefault(result.Action) + 1;
            if (failure is not null)
            {
                failures.Add($"{result.Kind}/{result.Name}: {failure.Message}");
            }
        }

        step.Details.Add($"Applied configuration backup {backup.Id} to {ns} of '{to}': {string.Join(", ", actions.Select(a => $"{a.Value} {a.Key}"))}.");
        if (failures.Count > 0)
        {
            throw new DrException(ErrorIds.FailoverRebuildFailed, DrErrorCategory.InvalidResult,
                $"{failures.Count} object(s) of configuration backup {backup.Id} could not be applied to {ns} of '{to}': {string.Join("; ", failures.Take(3))}",
                "Fix the cause (see the step's Details; Restore-DrKubernetesConfig shows each object), then run the same command again.", ns);
        }
    }

    /// <summary>-RebuildFrom, the one an earlier attempt chose, or the newest configuration backup of the namespace that passes Full integrity.</summary>
    private async Task<KubernetesConfigBackup> RebuildBackupAsync(FailoverStep step, string ns, DecryptionKeyRing keys, CancellationToken ct)
    {
        if (RebuildFrom is not null && !step.State.ContainsKey(FailoverStateKeys.ConfigBackup))
        {
            return RebuildFrom;
        }

        var store = RebuildFrom?.Store ?? _target.Require(r => r.Store, "store").Open();
        var (good, candidates) = await NewestConfigBackup.FindAsync(store, ns, step.State.GetValueOrDefault(FailoverStateKeys.ConfigBackup), keys, TrustedSigners, Log, ct)
            .ConfigureAwait(false);
        return good ?? throw new DrException(ErrorIds.FailoverRebuildBackupNotFound, DrErrorCategory.ObjectNotFound,
            $"No configuration backup of namespace {ns} in {store.Location} passes Full integrity ({candidates} found).",
            "Back the namespace up with Backup-DrKubernetesConfig and copy it to this region's store (Copy-DrBackup), or give one with -RebuildFrom.", ns);
    }

    private async Task WaitWorkloadsReadyAsync(FailoverStep step, IKubernetesObjects objects, CancellationToken ct)
    {
        var (ready, waited) = await new WorkloadReadiness(objects) { Timeout = WorkloadTimeout, PollInterval = PollInterval }
            .WaitAsync($"'{to}'", ct).ConfigureAwait(false);
        step.Details.Add($"Workloads of {objects.Target.Namespace} in '{to}' ready after {waited.TotalSeconds:0.#} s: {string.Join(", ", ready)}.");
    }
}
