using PubSec.Dr.Metrics;

namespace PubSec.Dr.Backends;

/// <summary>The factory's metrics part: the Pushgateway Export-DrMetrics pushes to.</summary>
public partial interface IBackendFactory : IMetricsPushConnector
{
}
