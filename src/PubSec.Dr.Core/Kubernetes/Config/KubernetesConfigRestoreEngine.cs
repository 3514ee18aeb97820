using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Applies a configuration backup to a namespace: creates the namespace when missing, then each object in
/// dependency order (<see cref="ConfigResourceTypes.InRestoreOrder"/>), create-or-replace: GET; missing → POST;
/// present and different in a declared field → PUT over the live object (<see cref="ConfigObjectMerge"/>);
/// present and equal → left alone. Every write is confirmed per object right before it. A failed object is
/// reported with its result and the rest go on.
/// </summary>
public sealed class KubernetesConfigRestoreEngine(IKubernetesObjectsConnector kubernetes, IOperationLog log)
{
    public Network.NetworkDeadlines? Deadlines { get; init; }

    public async IAsyncEnumerable<(KubernetesConfigRestoreResult Result, DrException? Failure)> RestoreAsync(KubernetesConfigRestoreRequest request,
        Func<string, string, bool> confirm, [EnumeratorCancellation] CancellationToken ct)
    {
        var backup = request.Backup;
        var store = backup.Store ?? throw new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument,
            $"The backup {backup.Id} does not say which store it is in.",
            "Pipe backups from Get-DrBackup or Backup-DrKubernetesConfig, which carry their store.", backup.Id);
        var objects = await ConfigBackupReader.ReadAsync(backup, store, request.Keys, request.TrustedSigners, ct).ConfigureAwait(false);
        using var connection = kubernetes.KubernetesObjects(request.Target, Deadlines);
        var ns = request.Target.Namespace;

        var namespaceResult = NewResult("Namespace", ns, request);
        var namespaceReady = await connection.NamespaceExistsAsync(ct).ConfigureAwait(false);
        if (namespaceReady)
        {
            namespaceResult.Action = KubernetesConfigAction.Unchanged;
            if (request.Preview)
            {
                _ = confirm($"Namespace/{ns}", $"leave namespace '{ns}' as it is (it exists)");
                namespaceResult.WhatIf = true;
            }
        }
        else
        {
            namespaceResult.Action = KubernetesConfigAction.Created;
            if (confirm($"Namespace/{ns}", $"create namespace '{ns}' for backup {backup.Id}"))
            {
                await connection.CreateNamespaceAsync(ct).ConfigureAwait(false);
                namespaceReady = true;
            }
            else
            {
                namespaceResult.WhatIf = true;
            }
        }

        yield return (namespaceResult, null);
        foreach (var desired in objects.OrderBy(o => ConfigResourceTypes.RestoreRank(o["kind"]?.GetValue<string>()))
                     .ThenBy(ConfigSkipRules.NameOf, StringComparer.Ordinal))
        {
            var type = ConfigResourceTypes.Of(desired["apiVersion"]?.GetValue<string>(), desired["kind"]?.GetValue<string>())!;
            var result = NewResult(type.Kind, ConfigSkipRules.NameOf(desired), request);
            var failure = await ApplyOneAsync(connection, type, desired, result, backup.Namespace, namespaceReady, request.Preview, confirm, ct).ConfigureAwait(false);
            yield return (result, failure);
        }
    }

    /// <summary>Applies one object; a failure is returned (with the result saying Failed) so the others go on.</summary>
    private async Task<DrException?> ApplyOneAsync(IKubernetesObjects connection, ConfigResourceType type, JsonObject desired, KubernetesConfigRestoreResult result,
        string sourceNamespace, bool namespaceReady, bool preview, Func<string, string, bool> confirm, CancellationToken ct)
    {
        var ns = result.Namespace;
        try
        {
            Retarget(desired, sourceNamespace, ns);
            await ApplyAsync(connection, type, desired, result, namespaceReady, preview, confirm, ct).ConfigureAwait(false);
            return null;
        }
        catch (DrException ex) when (!ct.IsCancellationRequested)
        {
            if (ex.Category == DrErrorCategory.ObjectNotFound && await connection.ListAsync(type, ct).ConfigureAwait(false) is null)
            {
                // A cluster without the kind's API (no Ingress or autoscaling/v2 there) cannot hold the object: said, not failed.
                result.Action = KubernetesConfigAction.Skipped;
                result.Error = $"the API server does not serve {type.ApiVersion} {type.Plural}";
                log.Warning($"{type.Kind}/{result.Name} was not applied to namespace '{ns}': {result.Error}.");
                return null;
            }

            result.Action = KubernetesConfigAction.Failed;
            result.Error = ex.Message;
            var failure = new DrException(ErrorIds.KubernetesConfigApplyFailed, ex.Category,
                $"{type.Kind}/{result.Name} could not be applied to namespace '{ns}': {ex.Message}", ex.RecommendedAction, result, ex);
            log.Warning(failure.Message);
            return failure;
        }
    }

    private async Task ApplyAsync(IKubernetesObjects connection, ConfigResourceType type, JsonObject desired, KubernetesConfigRestoreResult result,
        bool namespaceReady, bool preview, Func<string, string, bool> confirm, CancellationToken ct)
    {
        var target = $"{type.Kind}/{result.Name}";
        // In a namespace that does not exist yet (a -WhatIf of a first restore) every object would be created.
        var live = namespaceReady ? await connection.GetAsync(type, result.Name, ct).ConfigureAwait(false) : null;
        if (live is null)
        {
            result.Action = KubernetesConfigAction.Created;
            if (confirm(target, $"create {target} in namespace '{result.Namespace}'"))
            {
                await connection.CreateAsync(type, desired, ct).ConfigureAwait(false);
                log.Verbose($"{target}: created.");
            }
            else
            {
                result.WhatIf = true;
            }

            return;
        }

        result.DifferingFields = [.. ConfigObjectDiff.Differences(desired, live)];
        if (result.DifferingFields.Length == 0)
        {
            result.Action = KubernetesConfigAction.Unchanged;
            if (preview)
            {
                // Only to list it under -WhatIf; nothing is written either way.
                _ = confirm(target, $"leave {target} in namespace '{result.Namespace}' unchanged (it matches the backup)");
                result.WhatIf = true;
            }

            return;
        }

        result.Action = KubernetesConfigAction.Replaced;
        if (confirm(target, $"replace {target} in namespace '{result.Namespace}' (differs in {string.Join(", ", result.DifferingFields)})"))
        {
            await connection.ReplaceAsync(type, result.Name, ConfigObjectMerge.ForReplace(desired, live), ct).ConfigureAwait(false);
            log.Verbose($"{target}: replaced ({string.Join(", ", result.DifferingFields)}).");
        }
        else
        {
            result.WhatIf = true;
        }
    }

    // A RoleBinding that names a ServiceAccount of the backed-up namespace names the one of the target namespace.
    private static void Retarget(JsonObject desired, string from, string to)
    {
        if (from == to || desired["kind"]?.GetValue<string>() != "RoleBinding" || desired["subjects"] is not JsonArray subjects)
        {
            return;
        }

        foreach (var subject in subjects.OfType<JsonObject>())
        {
            if (subject["kind"]?.GetValue<string>() == "ServiceAccount" && subject["namespace"]?.GetValue<string>() == from)
            {
                subject["namespace"] = to;
            }
        }
    }

    private static KubernetesConfigRestoreResult NewResult(string kind, string name, KubernetesConfigRestoreRequest request) => new()
    {
        Kind = kind,
        Name = name,
        Namespace = request.Target.Namespace,
        BackupId = request.Backup.Id,
    };
}
