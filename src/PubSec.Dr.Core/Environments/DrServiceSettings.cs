namespace PubSec.Dr.Environments;

/// <summary>The service as users reach it: its public URL (whose host is the DNS name a failover moves), a test query and the latency it must meet.</summary>
public sealed record DrServiceSettings(Uri PublicUrl, string TestQuery, TimeSpan MaxLatency)
{
    public const string DefaultTestQuery = "document";
    public static readonly TimeSpan DefaultMaxLatency = TimeSpan.FromSeconds(2);
}
