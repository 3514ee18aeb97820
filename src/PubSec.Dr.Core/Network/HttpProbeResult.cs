namespace PubSec.Dr.Network;

/// <summary>
/// What a probe saw: the status code and the start of the body, or, when no answer came, why (refused, timed out,
/// TLS failed) in <see cref="Error"/>. A probe that got no answer is a result too, never an exception: a service
/// that is down is what the caller is looking for.
/// </summary>
public sealed record HttpProbeResult(int? StatusCode, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Latency, string? Error)
{
    /// <summary>The first value of a response header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static HttpProbeResult Failed(string error, TimeSpan latency) =>
        new(null, string.Empty, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), latency, error);
}
