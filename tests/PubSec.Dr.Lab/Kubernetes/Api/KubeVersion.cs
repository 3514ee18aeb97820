using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>The Kubernetes version the lab claims (GET /version, nodes' kubeletVersion).</summary>
internal static class KubeVersion
{
    public const string GitVersion = "v1.33.1";

    public static JsonObject Info() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-05-15T08:19:08Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
