using System.Net.Http.Headers;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>The PATCH content types the apiserver accepts for built-in resources (reference §2.4).</summary>
internal static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string StrategicMerge = "application/strategic-merge-patch+json";
    public const string Apply = "application/apply-patch+yaml";

    public static readonly IReadOnlyList<string> All = [Json, Merge, Apply, StrategicMerge];

    /// <summary>The media type without parameters (the client appends <c>; charset=utf-8</c>), or a 415.</summary>
    public static string Of(string? contentType)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : null;
        return mediaType is not null && All.Contains(mediaType) ? mediaType : throw KubeErrors.UnsupportedMediaType();
    }
}
