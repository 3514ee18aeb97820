using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>&lt;data&gt;/kubeconfig.yaml</c>: an ordinary kubeconfig (cluster <c>pubsec-lab</c> at the plain-http API, a
/// user with the lab's bearer token, context <c>pubsec-lab</c> defaulting to the application namespace, set as
/// current), so KubernetesClient, kubectl and the module reach the lab exactly as they reach a cluster.
/// </summary>
internal static class KubeconfigFile
{
    public const string Context = "pubsec-lab";
    public const string User = "pubsec-lab-admin";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "kubeconfig.yaml");

    public static string Write(string dataDirectory, string server, string token)
    {
        var path = PathIn(dataDirectory);
        var yaml = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{Context}}
              cluster:
                server: "{{server}}"
            users:
            - name: {{User}}
              user:
                token: "{{token}}"
            contexts:
            - name: {{Context}}
              context:
                cluster: {{Context}}
                user: {{User}}
                namespace: {{ClusterLayout.Namespace}}
            current-context: {{Context}}
            preferences: {}

            """;
        AtomicFile.WriteAllText(path, yaml);
        if (!OperatingSystem.IsWindows())
        {
            // It holds a credential; kubectl warns about group/world-readable kubeconfigs.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
