using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>
/// The API over TLS as kubectl needs it: a server certificate from the lab CA the kubeconfig names, and either a
/// bearer token or a client certificate from that CA; anything else is the apiserver's 401 Status.
/// </summary>
[Collection(SharedKubeLab.Name)]
public sealed class TlsTests(SharedKubeLab shared)
{
    private const string Unauthorized = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";

    private KubeLab Lab => shared.Lab;

    private string KubeconfigPath => Lab.Endpoints["kubeconfig"]!.GetValue<string>();

    [Fact]
    public async Task The_kubeconfig_names_the_lab_ca_a_token_user_and_a_certificate_user_and_never_skips_verification()
    {
        var kubeconfig = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(KubeconfigPath));
        var text = await File.ReadAllTextAsync(KubeconfigPath);

        var cluster = Assert.Single(kubeconfig.Clusters);
        Assert.False(string.IsNullOrEmpty(cluster.ClusterEndpoint.CertificateAuthorityData));
        Assert.DoesNotContain("insecure-skip-tls-verify", text, StringComparison.Ordinal);
        Assert.Equal(["pubsec-lab", "pubsec-lab-certificate"], kubeconfig.Contexts.Select(c => c.Name));
        Assert.Equal("pubsec-lab", kubeconfig.CurrentContext);
        var certificateUser = kubeconfig.Users.Single(u => u.Name == kubeconfig.Contexts.Single(c => c.Name == "pubsec-lab-certificate").ContextDetails.User);
        Assert.Null(certificateUser.UserCredentials.Token);
        using var certificate = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(certificateUser.UserCredentials.ClientCertificateData)));
        Assert.Equal("CN=pubsec-lab-admin, O=system:masters", certificate.Subject);
    }

    [Fact]
    public async Task The_server_certificate_is_trusted_through_the_kubeconfig_ca_only()
    {
        using (var trusting = Lab.NewApiClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync("/version")).StatusCode);
        }

        using var systemTrust = new HttpClient { BaseAddress = Lab.Api.BaseAddress };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => systemTrust.GetAsync("/version"));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task The_certificate_context_reads_and_scales_without_a_token()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, "pubsec-lab-certificate");
        using var client = new k8s.Kubernetes(config);

        Assert.Null(config.AccessToken);
        Assert.Equal(3, (await client.CoreV1.ListNodeAsync()).Items.Count);
        var scale = await client.AppsV1.ReadNamespacedStatefulSetScaleAsync("qdrant", KubeLab.Namespace);
        Assert.Equal(3, scale.Spec.Replicas);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_a_401_status()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=pubsec-lab-admin, O=system:masters", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var http = Lab.NewApiClient(stranger);

        using var response = await http.GetAsync("/api/v1/nodes");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Unauthorized), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task Anonymous_health_and_version_stay_open_without_credentials()
    {
        using var http = Lab.NewApiClient();

        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api")).StatusCode);
    }

    [Fact]
    public void The_private_keys_stay_in_the_data_folder_readable_by_the_owner_only()
    {
        var pki = Path.Combine(Lab.DataDirectory, "pki");

        Assert.Equal(["ca.crt", "ca.key", "client.crt", "client.key", "server.crt", "server.key"], Directory.GetFiles(pki).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var key in Directory.GetFiles(pki, "*.key"))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
            }
        }

        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(Path.Combine(Lab.DataDirectory, "endpoints.json")), StringComparison.Ordinal);
    }
}
