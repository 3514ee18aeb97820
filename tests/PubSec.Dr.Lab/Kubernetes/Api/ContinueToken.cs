using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The <c>continue</c> token of a paged list, shaped like the apiserver's: base64 of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"&lt;next key&gt;"}</c>. Clients treat it as opaque.
/// </summary>
internal sealed record ContinueToken(long ResourceVersion, string Start)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
    {
        ["v"] = "meta.k8s.io/v1",
        ["rv"] = ResourceVersion,
        ["start"] = Start,
    }.ToJsonString())).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>Decodes a token; anything else is the apiserver's 400 "continue key is not valid".</summary>
    public static ContinueToken Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!.AsObject();
            if (json["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw KubeErrors.BadRequest("continue key is not valid: server does not recognize this encoded key");
            }

            var start = json["start"]!.GetValue<string>();
            var rv = json["rv"].AsLong()!.Value;
            return rv > 0 && start.Length > 0 ? new ContinueToken(rv, start) : throw new FormatException("empty key");
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw KubeErrors.BadRequest($"continue key is not valid: {ex.Message}");
        }
    }
}
