namespace PubSec.Dr.Kubernetes.Config;

/// <summary>One namespaced API resource a configuration backup reads: its group ("" = core), version, URL plural and kind.</summary>
public sealed record ConfigResourceType(string Group, string Version, string Plural, string Kind)
{
    /// <summary>apiVersion as objects carry it: "v1" for core, "apps/v1" otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{Kind} ({ApiVersion})";
}
