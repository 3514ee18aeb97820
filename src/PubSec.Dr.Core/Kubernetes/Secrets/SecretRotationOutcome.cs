namespace PubSec.Dr.Kubernetes.Secrets;

/// <summary>
/// A rotation's result for output, and the new values by key for the caller that must use them at once (the drill
/// proving the application accepts them). The cmdlet writes only <see cref="Rotation"/>; the values never reach output,
/// logs or ToString.
/// </summary>
public sealed class SecretRotationOutcome(SecretRotation rotation, IReadOnlyDictionary<string, string> newValues)
{
    public SecretRotation Rotation { get; } = rotation;

    public IReadOnlyDictionary<string, string> NewValues { get; } = newValues;

    public override string ToString() => Rotation.ToString();
}
