namespace PubSec.Dr;

/// <summary>An object (or a whole kind, Name null) a configuration backup left out, and why.</summary>
public sealed class KubernetesConfigSkip
{
    public string Kind { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string Reason { get; set; } = string.Empty;

    public override string ToString() => $"{Kind}{(Name is null ? string.Empty : "/" + Name)}: {Reason}";
}
