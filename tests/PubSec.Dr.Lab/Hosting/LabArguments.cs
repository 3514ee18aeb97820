using System.Globalization;
using System.Net;
using PubSec.Dr.Lab.Application;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>Parses the process contract's command line into <see cref="LabOptions"/>.</summary>
internal static class LabArguments
{
    public const string Usage =
        "usage: PubSec.Dr.Lab --data <dir> [--nodes 3] [--api-key KEY] [--read-only-api-key KEY] [--version 1.19.0] [--wal-padding-bytes N]"
        + " [--pod-management-policy Parallel|OrderedReady] [--pod-startup-ms 500] [--pod-termination-ms 1000]"
        + " [--region primary] [--app-address 127.0.0.2] [--app-port P] [--app-redis HOST:PORT] [--app-redis-password-file PATH] [--app-collection documents]";

    public static LabOptions Parse(IReadOnlyList<string> args)
    {
        string? data = null, apiKey = null, readOnlyKey = null, version = null;
        int? nodes = null;
        long padding = 0;
        var kubernetes = new KubernetesOptions();
        var app = new AppOptions();
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
                case "--pod-management-policy":
                    kubernetes = kubernetes with
                    {
                        PodManagementPolicy = PodManagementPolicies.IsKnown(value)
                            ? value
                            : throw new LabStartupException($"--pod-management-policy must be Parallel or OrderedReady, got '{value}'."),
                    };
                    break;
                case "--pod-startup-ms":
                    kubernetes = kubernetes with { PodStartupDelay = Milliseconds(name, value) };
                    break;
                case "--kube-context":
                    kubernetes = kubernetes with { ContextName = value.Length > 0 ? value : throw new LabStartupException("--kube-context must not be empty.") };
                    break;
                case "--pod-termination-ms":
                    kubernetes = kubernetes with { PodTerminationDelay = Milliseconds(name, value) };
                    break;
                case "--region":
                    app = app with { Region = value.Length > 0 ? value : throw new LabStartupException("--region must not be empty.") };
                    break;
                case "--app-address":
                    app = app with
                    {
                        Address = IPAddress.TryParse(value, out var address) && IPAddress.IsLoopback(address)
                            ? address.ToString()
                            : throw new LabStartupException($"--app-address must be a loopback IP address (127.x.y.z), got '{value}'."),
                    };
                    break;
                case "--app-port":
                    app = app with
                    {
                        Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                            ? port
                            : throw new LabStartupException($"--app-port must be 0 to 65535, got '{value}'."),
                    };
                    break;
                case "--app-redis":
                    app = app with { Redis = value };
                    break;
                case "--app-redis-password-file":
                    app = app with { RedisPasswordFile = Path.GetFullPath(value) };
                    break;
                case "--app-collection":
                    app = app with { Collection = value };
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
            Kubernetes = kubernetes,
            App = app,
        };
    }

    private static TimeSpan Milliseconds(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 600_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw new LabStartupException($"{name} must be 0 to 600000 milliseconds, got '{value}'.");
}
