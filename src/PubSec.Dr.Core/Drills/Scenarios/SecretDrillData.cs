using System.Diagnostics;
using System.Text.Json.Nodes;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Kubernetes.Secrets;
using PubSec.Dr.Network;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The secret rotation of the security-breach drill (plan scenario 4, "rotate all secrets"), on a copy: the Secret the
/// region's application reads its API keys from (<c>application.apiKeySecret</c>) is copied into a drill-owned Secret
/// beside it (same type, labels and keys; new random values, never the production ones; no annotations, which may
/// hold a last-applied copy of the production values), the application is shown to accept the copy's key through the
/// region's baseUrl, the copy is rotated with Update-DrSecret's engine, and the application must then accept the new
/// key and refuse the old one. The production Secret is only read. No value reaches a check, a detail or the log.
/// </summary>
internal static class SecretDrillData
{
    /// <summary>The header the application reads a client's key from.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static async Task RotateAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        if (context.Region.Application is not { ApiKeySecret: { } name } application)
        {
            phase.Status = FailoverStepStatus.Skipped;
            phase.Details.Add($"regions.{context.Region.Name}.application.apiKeySecret is not set: add the name of the Secret the application reads its API keys "
                + $"from{(context.Region.Application is null ? " (and application.baseUrl)" : string.Empty)} to the environment file to drill the secret rotation.");
            return;
        }

        var settings = context.Region.Require(r => r.Kubernetes, "kubernetes");
        var target = new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, settings.Namespace);
        var copy = CopyName(context, name);
        var url = new Uri(application.BaseUrl, "api/v1/query?query=" + Uri.EscapeDataString(context.Request.Environment.Service?.TestQuery ?? DrServiceSettings.DefaultTestQuery));
        IReadOnlyList<string> keys;
        Dictionary<string, string> first;
        using (var objects = context.Backends.KubernetesObjects(target, null))
        {
            var production = await objects.GetAsync(ConfigResourceTypes.Secrets, name, ct).ConfigureAwait(false)
                ?? throw new DrException(ErrorIds.SecretNotFound, DrErrorCategory.ObjectNotFound,
                    $"The application's API-key Secret {target.Namespace}/{name} (regions.{context.Region.Name}.application.apiKeySecret) does not exist.",
                    "Name the Secret the application reads its keys from, or remove apiKeySecret from the environment file.", name);
            keys = SecretValues.KeysOf(production);
            if (keys.Count == 0)
            {
                throw new DrException(ErrorIds.SecretHasNoKeys, DrErrorCategory.InvalidData, $"Secret {target.Namespace}/{name} has no data keys: there is no key to rotate.",
                    "Name the Secret that holds the application's API keys in application.apiKeySecret.", name);
            }

            first = keys.ToDictionary(k => k, _ => SecretValues.New(), StringComparer.Ordinal);
            await context.CreateAsync(SecretRemover.ResourceKind, copy, () => objects.CreateAsync(ConfigResourceTypes.Secrets, Copy(production, copy, first, context), ct), ct)
                .ConfigureAwait(false);
        }

        phase.Details.Add($"Copied Secret {target.Namespace}/{name} (type, labels, keys {string.Join(", ", keys)}) to {copy} with new random values.");
        var probe = keys[0];
        var before = await WaitAsync(context, url, first[probe], accepted: true, ct).ConfigureAwait(false);
        context.Check("SecretCopyAccepted", before.Done, $"the application at {application.BaseUrl} {Seen(before, "accepts")} the key '{probe}' of {copy}", copy);
        DrillFailures.ThrowIfAny(context, "SecretCopyAccepted", "The application does not accept a key from a Secret like its API-key Secret.");

        // The same engine Update-DrSecret runs, on the copy only.
        var outcome = await new SecretRotationEngine(context.Backends).RotateAsync(new SecretRotationRequest(target, copy), (_, _) => true, ct).ConfigureAwait(false);
        var rotation = outcome!.Rotation;
        context.Check("SecretRotated", rotation.ResourceVersion != rotation.PreviousResourceVersion,
            $"keys {string.Join(", ", rotation.Keys)} of {copy} replaced with new random values (resourceVersion {rotation.PreviousResourceVersion} -> {rotation.ResourceVersion})", copy);
        var rotated = await WaitAsync(context, url, outcome.NewValues[probe], accepted: true, ct).ConfigureAwait(false);
        context.Check("RotatedKeyAccepted", rotated.Done, $"the application {Seen(rotated, "accepts")} the rotated key '{probe}' of {copy}", copy);
        var old = await WaitAsync(context, url, first[probe], accepted: false, ct).ConfigureAwait(false);
        context.Check("OldKeyRefused", old.Done, $"the application {Seen(old, "refuses")} the replaced key '{probe}' of {copy}", copy);
        phase.Details.Add($"Rotated {copy} with Update-DrSecret's engine; the application accepted the new key after {rotated.After.TotalSeconds:0.#} s and refused the old one after {old.After.TotalSeconds:0.#} s more.");
        DrillFailures.ThrowIfAny(context, ["SecretRotated", "RotatedKeyAccepted", "OldKeyRefused"], "The application does not follow a rotation of its API-key Secret.");
    }

    /// <summary>pubsec-dr-drill-&lt;id&gt;-&lt;name&gt;, within a Secret name's 253 characters.</summary>
    public static string CopyName(DrillContext context, string name)
    {
        var copy = DrillNames.Scratch(context.Id, name);
        return copy.Length <= 253 ? copy : copy[..253].TrimEnd('-', '.');
    }

    private static JsonObject Copy(JsonObject production, string copy, IReadOnlyDictionary<string, string> values, DrillContext context) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = copy,
            ["labels"] = production["metadata"]?["labels"]?.DeepClone(),
            ["annotations"] = new JsonObject { ["pubsec.dr/drill"] = context.Id, ["pubsec.dr/copy-of"] = production["metadata"]?["name"]?.GetValue<string>() },
        },
        ["type"] = production["type"]?.DeepClone() ?? "Opaque",
        ["data"] = new JsonObject(values.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, SecretValues.Encode(p.Value)))),
    };

    private static string Seen(Wait wait, string verb) =>
        wait.Done ? $"{verb} (after {wait.After.TotalSeconds:0.#} s)" : $"does not {verb[..^1]} within {wait.After.TotalSeconds:0.#} s (last answer: {wait.Last})";

    /// <summary>Asks until the application accepts (serves the query: 2xx) or refuses (401/403) the key, or the request's pick-up time is over.</summary>
    private static async Task<Wait> WaitAsync(DrillContext context, Uri url, string key, bool accepted, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [ApiKeyHeader] = key };
        while (true)
        {
            var answer = await context.Backends.ProbeAsync(new HttpProbeRequest(url, null, ProbeTimeout, headers), ct).ConfigureAwait(false);
            // Accepted means served (2xx): an application answering 503 has not shown that it takes the key.
            var done = accepted ? answer.StatusCode is >= 200 and < 300 : answer.StatusCode is 401 or 403;
            var last = answer.StatusCode is { } status ? $"HTTP {status}" : answer.Error ?? "no answer";
            if (done)
            {
                return new Wait(true, clock.Elapsed, last);
            }

            if (clock.Elapsed >= context.Request.SecretPickUp)
            {
                return new Wait(false, clock.Elapsed, last);
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    private readonly record struct Wait(bool Done, TimeSpan After, string Last);
}
