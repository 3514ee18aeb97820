using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Options of a DELETE, from the query (what the client sends when it has no body) or a JSON
/// <c>DeleteOptions</c> body (reference §2.5); preconditions on uid/resourceVersion are checked against the
/// stored object with the apiserver's Conflict wording.
/// </summary>
internal sealed record DeleteOptions(long? GracePeriodSeconds, string? Uid, string? ResourceVersion, bool DryRun)
{
    private static readonly string[] Policies = ["Orphan", "Background", "Foreground"];

    public static async Task<DeleteOptions> ReadAsync(HttpRequest request)
    {
        var query = request.Query;
        long? grace = query["gracePeriodSeconds"].ToString() is { Length: > 0 } g
            ? long.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw KubeErrors.BadRequest($"gracePeriodSeconds: Invalid value: \"{g}\"")
            : null;
        var policy = query["propagationPolicy"].ToString();
        var dryRun = query["dryRun"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        string? uid = null, resourceVersion = null;

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (text.Trim().Length > 0)
        {
            var body = JsonNode.Parse(text) as JsonObject ?? throw KubeErrors.BadRequest("DeleteOptions must be a JSON object");
            grace = body["gracePeriodSeconds"].AsLong() ?? grace;
            policy = body["propagationPolicy"]?.GetValue<string>() ?? policy;
            uid = body["preconditions"]?["uid"]?.GetValue<string>();
            resourceVersion = body["preconditions"]?["resourceVersion"]?.GetValue<string>();
            if (body["dryRun"] is JsonArray values)
            {
                dryRun.AddRange(values.Select(v => v!.GetValue<string>()));
            }
        }

        if (policy.Length > 0 && !Policies.Contains(policy))
        {
            throw KubeErrors.Invalid("DeleteOptions", "meta.k8s.io", "", "propagationPolicy", "FieldValueNotSupported",
                $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        return new DeleteOptions(grace, uid, resourceVersion, WriteOptions.IsDryRun(dryRun));
    }

    public void CheckPreconditions(ResourceType type, JsonObject current)
    {
        if (Uid is not null && Uid != current.Uid())
        {
            throw KubeErrors.Conflict(type, current.Name(), $"Precondition failed: UID in precondition: {Uid}, UID in object meta: {current.Uid()}");
        }

        if (ResourceVersion is not null && ResourceVersion != current.ResourceVersion())
        {
            throw KubeErrors.Conflict(type, current.Name(),
                $"Precondition failed: ResourceVersion in precondition: {ResourceVersion}, ResourceVersion in object meta: {current.ResourceVersion()}");
        }
    }
}
