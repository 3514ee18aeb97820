using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Kubernetes.Secrets;

/// <summary>Which Secret to rotate (in <see cref="Target"/>'s namespace) and which of its keys (null: every key of its data).</summary>
public sealed record SecretRotationRequest(KubernetesNamespaceTarget Target, string Name, IReadOnlyList<string>? Keys = null);
