using System.Text;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>&lt;data&gt;/kubeconfig.yaml</c>: an ordinary kubeconfig, so KubernetesClient, kubectl and the module reach the
/// lab exactly as they reach a cluster. Cluster <c>pubsec-lab</c> at the HTTPS API with the lab CA as
/// <c>certificate-authority-data</c>; two users as clusters hand them out: a bearer token (EKS/service accounts) and a
/// client certificate (AKS, kubeadm); context <c>pubsec-lab</c> (token, current) and <c>pubsec-lab-certificate</c>,
/// both defaulting to the application namespace.
/// </summary>
internal static class KubeconfigFile
{
    public const string Context = "pubsec-lab";
    public const string CertificateContext = "pubsec-lab-certificate";
    public const string User = "pubsec-lab-admin";
    public const string CertificateUser = "pubsec-lab-admin-certificate";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "kubeconfig.yaml");

    public static string Write(string dataDirectory, string server, string token, LabPki pki)
    {
        var path = PathIn(dataDirectory);
        var yaml = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{Context}}
              cluster:
                server: "{{server}}"
                certificate-authority-data: {{Base64(pki.AuthorityPem)}}
            users:
            - name: {{User}}
              user:
                token: "{{token}}"
            - name: {{CertificateUser}}
              user:
                client-certificate-data: {{Base64(pki.ClientCertificatePem)}}
                client-key-data: {{Base64(pki.ClientKeyPem)}}
            contexts:
            - name: {{Context}}
              context:
                cluster: {{Context}}
                user: {{User}}
                namespace: {{ClusterLayout.Namespace}}
            - name: {{CertificateContext}}
              context:
                cluster: {{Context}}
                user: {{CertificateUser}}
                namespace: {{ClusterLayout.Namespace}}
            current-context: {{Context}}
            preferences: {}

            """;
        AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, yaml);
            if (!OperatingSystem.IsWindows())
            {
                // It holds a token and a private key; kubectl warns about group/world-readable kubeconfigs.
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        });
        return path;
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem.EndsWith('\n') ? pem : pem + "\n"));
}
