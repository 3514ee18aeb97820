namespace PubSec.Dr.Network;

/// <summary>Sends the probes of readiness and service checks (the backend factory's HTTP part); xunit fakes it.</summary>
public interface IHttpProbeConnector
{
    /// <summary>A GET on a fresh connection (so the latency includes connecting, as a user's first request does); never throws for an unreachable service.</summary>
    Task<HttpProbeResult> ProbeAsync(HttpProbeRequest request, CancellationToken ct);
}
