using PubSec.Dr.Metrics;

namespace PubSec.Dr.Backends;

/// <summary>Export-DrMetrics' push to a Prometheus Pushgateway.</summary>
public sealed partial class BackendFactory
{
    private static readonly PushgatewayClient Pushgateway = new();

    public Task PushAsync(Uri gateway, string job, string text, CancellationToken ct) => Pushgateway.PushAsync(gateway, job, text, ct);
}
