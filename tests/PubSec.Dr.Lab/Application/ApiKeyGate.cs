using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The API-key check of a real app that reads its keys from Secrets: a key is valid while it is a value of a Secret
/// in the application namespace labelled <c>app.pubsec/api-keys: "true"</c>. The Secrets are read from the emulated
/// cluster on every request (as a mounted Secret that the kubelet refreshes), so a rotation or a deleted Secret takes
/// effect without restarting the stub; that is what the SecurityBreach drill's secret rotation proves.
/// </summary>
internal sealed class ApiKeyGate(Func<KubeStore?> store)
{
    public const string Header = "X-Api-Key";
    public const string Label = "app.pubsec/api-keys";

    /// <summary>True when <paramref name="key"/> equals a value of a labelled Secret; false without a cluster (no keys known).</summary>
    public bool Accepts(string key)
    {
        var given = Encoding.UTF8.GetBytes(key);
        var accepted = false;
        foreach (var value in Keys())
        {
            // Every value is compared, in constant time, so the answer's timing says nothing about which key came close.
            accepted |= CryptographicOperations.FixedTimeEquals(given, value);
        }

        return accepted && given.Length > 0;
    }

    private IEnumerable<byte[]> Keys()
    {
        if (store() is not { } kube)
        {
            yield break;
        }

        foreach (var secret in kube.List(ResourceTypes.Secrets, ClusterLayout.Namespace).Items)
        {
            if (secret.IsTerminating() || !secret.Labels().TryGetValue(Label, out var flag) || flag != "true" || secret["data"] is not JsonObject data)
            {
                continue;
            }

            foreach (var (_, value) in data)
            {
                if (value?.GetValue<string>() is { } encoded && TryDecode(encoded) is { } bytes)
                {
                    yield return bytes;
                }
            }
        }
    }

    private static byte[]? TryDecode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
