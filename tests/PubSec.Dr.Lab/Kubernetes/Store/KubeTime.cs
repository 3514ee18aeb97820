using System.Globalization;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>Timestamps as the apiserver writes them: RFC 3339 in UTC with whole seconds (<c>metav1.Time</c>).</summary>
internal static class KubeTime
{
    public static string Format(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Now() => Format(DateTime.UtcNow);
}
