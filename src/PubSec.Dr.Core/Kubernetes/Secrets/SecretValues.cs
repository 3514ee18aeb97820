using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Secrets;

/// <summary>
/// New secret values and the base64 of a Secret's <c>data</c>: 32 random bytes from the OS generator as base64url
/// (43 characters, no padding), strong enough for an API key or password and safe in headers, URLs and env files.
/// </summary>
public static class SecretValues
{
    public const int ByteLength = 32;

    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(ByteLength)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    /// <summary>The Secret's data keys, in the order the server returned them (empty without data).</summary>
    public static IReadOnlyList<string> KeysOf(JsonObject secret) =>
        secret["data"] is JsonObject data ? data.Select(p => p.Key).ToList() : [];
}
