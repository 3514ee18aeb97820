using k8s;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// Where a connection looks when no -KubeConfig is given, as kubectl and client-go do: the files in $KUBECONFIG,
/// else ~/.kube/config, else, inside a pod (KUBERNETES_SERVICE_HOST/PORT set), the pod's service account folder.
/// A record so tests can point it at a temporary service account folder and the lab.
/// </summary>
public sealed record KubernetesEnvironment(
    string? KubeConfigVariable,
    string DefaultKubeConfig,
    string? ServiceHost,
    string? ServicePort,
    string ServiceAccountFolder)
{
    public const string DefaultServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The process's environment variables and the standard paths.</summary>
    public static KubernetesEnvironment Current => new(
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        KubernetesClientConfiguration.KubeConfigDefaultLocation,
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
        DefaultServiceAccountFolder);

    public bool InPod => !string.IsNullOrWhiteSpace(ServiceHost) && !string.IsNullOrWhiteSpace(ServicePort);

    /// <summary>The existing files named in $KUBECONFIG (kubectl skips missing ones), in order.</summary>
    public IReadOnlyList<string> KubeConfigFiles =>
        (KubeConfigVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists).ToList();
}
