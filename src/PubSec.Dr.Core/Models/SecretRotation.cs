namespace PubSec.Dr;

/// <summary>
/// What Update-DrSecret changed (PSTypeName PubSec.Dr.SecretRotation): the Secret, the keys that got new values and its
/// resourceVersion before and after. Never a value: the new ones are read from the cluster by whoever is allowed to.
/// </summary>
public sealed class SecretRotation
{
    public string Namespace { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public string[] Keys { get; set; } = [];

    public string? PreviousResourceVersion { get; set; }

    public string? ResourceVersion { get; set; }

    public DateTimeOffset RotatedAt { get; set; }

    public override string ToString() => $"Secret {Namespace}/{Name}: {string.Join(", ", Keys)} rotated";
}
