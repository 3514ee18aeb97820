namespace PubSec.Dr.Metrics;

/// <summary>One metric of the Prometheus text format: its name, HELP, TYPE and samples, in the order they are written.</summary>
public sealed record MetricFamily(string Name, string Help, string Type, IReadOnlyList<MetricSample> Samples);

/// <summary>One sample: its labels in the order written, and its value.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public static MetricSample Of(double value, params (string Name, string Value)[] labels) =>
        new([.. labels.Select(l => KeyValuePair.Create(l.Name, l.Value))], value);
}
