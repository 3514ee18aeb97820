namespace PubSec.Dr.Metrics;

/// <summary>Where Export-DrMetrics pushes: a Prometheus Pushgateway. Made by BackendFactory, faked in tests.</summary>
public interface IMetricsPushConnector
{
    /// <summary>Replaces the metrics of <paramref name="job"/> on the gateway with <paramref name="text"/>; throws MetricsPushFailed.</summary>
    Task PushAsync(Uri gateway, string job, string text, CancellationToken ct);
}
