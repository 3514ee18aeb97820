using System.Text.Json.Nodes;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes.Secrets;

/// <summary>
/// Update-DrSecret (plan scenario 4, "rotate all secrets"): gives the chosen keys of a Secret new random values in one
/// replace (PUT with the resourceVersion read, so a concurrent change fails with a conflict instead of being lost).
/// Type, labels, annotations and the other keys stay as they are. Applications that mount the Secret pick the new
/// values up when the kubelet refreshes it; clients holding an old value are refused from then on. The values are
/// returned to the caller only (<see cref="SecretRotationOutcome.NewValues"/>), never logged.
/// </summary>
public sealed class SecretRotationEngine(IKubernetesObjectsConnector backends)
{
    public NetworkDeadlines? Deadlines { get; init; }

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>The rotation, or null when <paramref name="shouldProcess"/> declined (-WhatIf).</summary>
    public async Task<SecretRotationOutcome?> RotateAsync(SecretRotationRequest request, Func<string, string, bool> shouldProcess, CancellationToken ct)
    {
        using var objects = backends.KubernetesObjects(request.Target, Deadlines);
        var what = $"Secret {request.Target.Namespace}/{request.Name}";
        var secret = await objects.GetAsync(ConfigResourceTypes.Secrets, request.Name, ct).ConfigureAwait(false)
            ?? throw new DrException(ErrorIds.SecretNotFound, DrErrorCategory.ObjectNotFound, $"There is no {what} to rotate.",
                "Check -Name and -Namespace (or the region's kubernetes section), e.g. with kubectl get secrets.", request.Name);
        var keys = Keys(secret, request, what);
        if (!shouldProcess(what, $"Replace the values of {string.Join(", ", keys)} with new random values (clients using the old ones are refused)"))
        {
            return null;
        }

        var data = (JsonObject)secret["data"]!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            values[key] = SecretValues.New();
            data[key] = SecretValues.Encode(values[key]);
        }

        // Removed so the server keeps what it manages; resourceVersion stays, for the conflict check.
        secret.Remove("status");
        (secret["metadata"] as JsonObject)?.Remove("managedFields");
        var previous = secret["metadata"]?["resourceVersion"]?.GetValue<string>();
        var replaced = await objects.ReplaceAsync(ConfigResourceTypes.Secrets, request.Name, secret, ct).ConfigureAwait(false);
        var rotation = new SecretRotation
        {
            Namespace = request.Target.Namespace, Name = request.Name, Type = secret["type"]?.GetValue<string>() ?? "Opaque", Keys = [.. keys],
            PreviousResourceVersion = previous, ResourceVersion = replaced["metadata"]?["resourceVersion"]?.GetValue<string>(), RotatedAt = Now(),
        };
        return new SecretRotationOutcome(rotation, values);
    }

    private static List<string> Keys(JsonObject secret, SecretRotationRequest request, string what)
    {
        var present = SecretValues.KeysOf(secret);
        if (present.Count == 0)
        {
            throw new DrException(ErrorIds.SecretHasNoKeys, DrErrorCategory.InvalidData, $"{what} has no data keys: there is nothing to rotate.",
                "Name a Secret that holds the credentials (kubectl get secret NAME -o jsonpath='{.data}' lists its keys).", request.Name);
        }

        if (request.Keys is not { Count: > 0 } wanted)
        {
            return [.. present];
        }

        var missing = wanted.Where(k => !present.Contains(k, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new DrException(ErrorIds.SecretKeyNotFound, DrErrorCategory.ObjectNotFound,
                $"{what} has no key {string.Join(", ", missing.Select(k => $"'{k}'"))} (its keys: {string.Join(", ", present)}).",
                "Name keys the Secret has in -Key, or leave -Key out to rotate every key.", request.Name);
        }

        return wanted.Distinct(StringComparer.Ordinal).ToList();
    }
}
