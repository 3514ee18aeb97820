using System.Globalization;

namespace PubSec.Dr.Lab.Dns;

/// <summary>Command line: --moto URL --zone-id ID --zone NAME --port P [--propagation-delay-ms N] [--poll-interval-ms N] [--ready-file PATH].</summary>
internal sealed record LabDnsOptions(Uri Moto, string ZoneId, string Zone, int Port, TimeSpan PropagationDelay, TimeSpan PollInterval, string? ReadyFile)
{
    public static LabDnsOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value' pairs, got '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }
        string Required(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required.");
        int Number(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new LabDnsOptions(
            new Uri(Required("moto")),
            Required("zone-id"),
            Required("zone"),
            int.Parse(Required("port"), CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(Number("propagation-delay-ms", 3000)),
            TimeSpan.FromMilliseconds(Number("poll-interval-ms", 300)),
            values.GetValueOrDefault("ready-file"));
    }
}
