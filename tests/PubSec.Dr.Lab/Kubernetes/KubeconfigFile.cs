using System.Text;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>&lt;data&gt;/kubeconfig.yaml</c>: an ordinary kubeconfig, so KubernetesClient, kubectl and the module reach the
/// lab exactly as they reach a cluster. Every name comes from <c>--kube-context NAME</c> (default <c>pubsec-lab</c>), so
/// two regions' kubeconfigs merge without clashes: cluster <c>NAME</c> at the HTTPS API with the lab CA as
/// <c>certificate-authority-data</c>; two users as clusters hand them out: <c>NAME-admin</c>, a bearer token
/// (EKS/service accounts), and <c>NAME-admin-certificate</c>, a client certificate (AKS, kubeadm); context <c>NAME</c>
/// (token, current) and <c>NAME-certificate</c>, both defaulting to the application namespace.
/// </summary>
internal static class KubeconfigFile
{
    public const string DefaultContext = "pubsec-lab";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "kubeconfig.yaml");

    public static string Write(string dataDirectory, string context, string server, string token, LabPki pki)
    {
        var (Context, CertificateContext, User, CertificateUser) = (context, $"{context}-certificate", $"{context}-admin", $"{context}-admin-certificate");
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
