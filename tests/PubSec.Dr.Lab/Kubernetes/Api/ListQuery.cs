using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The query parameters of a list or watch (reference §2): selectors, <c>limit</c>/<c>continue</c>, <c>watch</c>,
/// <c>resourceVersion</c>, <c>timeoutSeconds</c>. Anything else the client sends (<c>pretty</c>,
/// <c>allowWatchBookmarks</c>, <c>shardSelector</c>, …) is ignored, as the checklist asks.
/// </summary>
internal sealed record ListQuery(
    LabelSelector Labels,
    FieldSelector Fields,
    int? Limit,
    ContinueToken? Continue,
    bool Watch,
    string? ResourceVersion,
    TimeSpan? Timeout)
{
    public bool HasSelectors => !Labels.IsEmpty || !Fields.IsEmpty;

    public static ListQuery Parse(IQueryCollection query, ResourceType type)
    {
        var limit = Number(query, "limit");
        var continueText = query["continue"].ToString();
        var resourceVersion = query["resourceVersion"].ToString();
        var token = continueText.Length > 0 ? ContinueToken.Decode(continueText) : null;
        if (token is not null && resourceVersion is not ("" or "0"))
        {
            throw KubeErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var timeout = Number(query, "timeoutSeconds");
        return new ListQuery(
            LabelSelector.Parse(query["labelSelector"].ToString()),
            FieldSelector.Parse(query["fieldSelector"].ToString(), type),
            limit is > 0 ? (int)Math.Min(limit.Value, int.MaxValue) : null,
            token,
            query["watch"].ToString() is "true" or "1",
            resourceVersion.Length > 0 ? resourceVersion : null,
            timeout is > 0 ? TimeSpan.FromSeconds(timeout.Value) : null);
    }

    private static long? Number(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw KubeErrors.BadRequest($"{name}: Invalid value: \"{text}\": must be an integer");
    }
}
