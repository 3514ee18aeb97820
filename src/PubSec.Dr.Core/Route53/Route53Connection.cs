using Amazon.Runtime;
using PubSec.Dr.Network;

namespace PubSec.Dr.Route53;

/// <summary>Where and as whom to call Route53: endpoint, SigV4 region, credentials (refreshed per request), deadlines.</summary>
public sealed class Route53Connection
{
    public static readonly Uri DefaultEndpoint = new("https://route53.amazonaws.com/");

    public Route53Connection(Uri endpoint, string signingRegion, AWSCredentials credentials, NetworkDeadlines? deadlines = null)
    {
        Endpoint = endpoint;
        SigningRegion = signingRegion;
        Credentials = credentials;
        Deadlines = deadlines ?? NetworkDeadlines.Default;
    }

    public Uri Endpoint { get; }

    public string SigningRegion { get; }

    public AWSCredentials Credentials { get; }

    public NetworkDeadlines Deadlines { get; }

    public Route53RetryPolicy Retry { get; init; } = Route53RetryPolicy.Default;

    /// <summary>The signing time; tests fix it to reproduce the SigV4 vectors.</summary>
    public Func<DateTime> Clock { get; init; } = () => DateTime.UtcNow;
}
