using System.Globalization;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>Parses the process contract's command line into <see cref="LabOptions"/>.</summary>
internal static class LabArguments
{
    public const string Usage =
        "usage: PubSec.Dr.Lab --data <dir> [--nodes 3] [--api-key KEY] [--read-only-api-key KEY] [--version 1.19.0] [--wal-padding-bytes N]";

    public static LabOptions Parse(IReadOnlyList<string> args)
    {
        string? data = null, apiKey = null, readOnlyKey = null, version = null;
        int? nodes = null;
        long padding = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new LabStartupException($"{name} needs a value. {Usage}");
            switch (name)
            {
                case "--data":
                    data = value;
                    break;
                case "--nodes":
                    nodes = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16
                        ? n
                        : throw new LabStartupException($"--nodes must be 1 to 16, got '{value}'.");
                    break;
                case "--api-key":
                    apiKey = value;
                    break;
                case "--read-only-api-key":
                    readOnlyKey = value;
                    break;
                case "--version":
                    version = value;
                    break;
                case "--wal-padding-bytes":
                    padding = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                        ? p
                        : throw new LabStartupException($"--wal-padding-bytes must be a non-negative integer, got '{value}'.");
                    break;
                default:
                    throw new LabStartupException($"Unknown argument '{name}'. {Usage}");
            }
        }

        return new LabOptions
        {
            DataDirectory = Path.GetFullPath(data ?? throw new LabStartupException($"--data is required. {Usage}")),
            Nodes = nodes,
            ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
            ReadOnlyApiKey = string.IsNullOrEmpty(readOnlyKey) ? null : readOnlyKey,
            Version = version ?? "1.19.0",
            WalPaddingBytes = padding,
        };
    }
}
