namespace PubSec.Dr;

/// <summary>
/// One request to the service through its public name, sent to the address a resolver gave for it: what answered
/// (the address, the region it belongs to, and the region the application says it is), how and how fast.
/// </summary>
public sealed class ServiceCheckResult
{
    public ServiceCheck Check { get; set; }

    /// <summary>The URL as a user sends it: the public name, whose Host header and TLS name the request kept.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The address the resolver answered and the request went to.</summary>
    public string ResolvedAddress { get; set; } = string.Empty;

    /// <summary>host:port of the resolver asked.</summary>
    public string Resolver { get; set; } = string.Empty;

    /// <summary>The region whose application address (or DNS record value) is the resolved address; empty when none matches.</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>The region the application named in its X-PubSec-Region header, when it sent one.</summary>
    public string AnsweredBy { get; set; } = string.Empty;

    public int? StatusCode { get; set; }

    public TimeSpan Latency { get; set; }

    public bool Passed { get; set; }

    /// <summary>Why it failed, or what it saw when it passed.</summary>
    public string Detail { get; set; } = string.Empty;

    // Where it went and who answered are what a failover's verification is about; they lead the line in logs and reports.
    public override string ToString() =>
        $"{Check} {(Passed ? "passed" : "failed")}: {Detail} ({Url} at {ResolvedAddress}{(AnsweredBy.Length > 0 ? $", answered by {AnsweredBy}" : string.Empty)})";
}
