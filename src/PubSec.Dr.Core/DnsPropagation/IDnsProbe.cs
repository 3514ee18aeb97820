using PubSec.Dr.Environments;

namespace PubSec.Dr.DnsPropagation;

/// <summary>Asks one resolver for one record set, uncached. A resolver that does not answer throws <see cref="DnsProbeException"/>.</summary>
public interface IDnsProbe : IDisposable
{
    Task<DnsProbeAnswer> QueryAsync(DrResolver resolver, string name, string type, CancellationToken cancellationToken);
}

/// <summary>Makes probes (the BackendFactory's resolver part).</summary>
public interface IDnsProbeConnector
{
    IDnsProbe DnsProbe(DnsProbeOptions options);
}

/// <summary>How long one query may take before the resolver counts as not answering.</summary>
public sealed record DnsProbeOptions(TimeSpan QueryTimeout)
{
    public static DnsProbeOptions Default { get; } = new(TimeSpan.FromSeconds(2));
}

/// <summary>The values of the answer's records of the asked type (empty for NXDOMAIN or no data), their smallest TTL, and the response code.</summary>
public sealed record DnsProbeAnswer(IReadOnlyList<string> Values, int? Ttl, string ResponseCode);

/// <summary>The resolver did not answer (timeout, refused, network error).</summary>
public sealed class DnsProbeException(string message, Exception? inner = null) : Exception(message, inner);
