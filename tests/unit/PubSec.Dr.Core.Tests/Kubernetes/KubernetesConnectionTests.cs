using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Kubernetes;

/// <summary>
/// The module's Kubernetes connection against the lab's TLS API, with each kind of credential real clusters hand out:
/// CA data + bearer token, a client certificate, an exec credential plugin, $KUBECONFIG, and a pod's service account
/// (an injected folder); and the refusals: a CA that does not match, no configuration anywhere.
/// </summary>
public sealed class KubernetesConnectionTests(LabKubernetesApi lab) : IClassFixture<LabKubernetesApi>, IDisposable
{
    private static readonly KubernetesEnvironment Nowhere = new(null, "/nonexistent/.kube/config", null, null, "/nonexistent/serviceaccount");
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task CaDataAndToken_ReadTheStatefulSet()
    {
        var shape = await ReadAsync(Target(lab.KubeconfigPath), Nowhere);

        Assert.Equal(("qdrant", 1), (shape.Name, shape.Replicas));
        Assert.Equal(["qdrant-storage-qdrant-0"], shape.Claims);
    }

    [Fact]
    public async Task ClientCertificate_ReadsTheStatefulSetWithoutAToken()
    {
        var shape = await ReadAsync(Target(lab.KubeconfigPath, "pubsec-lab-certificate"), Nowhere);

        Assert.Equal(1, shape.Replicas);
    }

    [Fact]
    public async Task ExecCredentialPlugin_IsRunAndItsTokenUsed()
    {
        var marker = Path.Combine(_dir.Path, "plugin-ran");
        var credential = """{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"TOKEN"}}""".Replace("TOKEN", Lab().Token, StringComparison.Ordinal);
        var script = WriteFile("get-token.sh", $"""
            #!/bin/sh
            echo ran >> '{marker}'
            printf '%s' '{credential}'
            """);

        var shape = await ReadAsync(Target(WriteKubeconfig(Lab().Ca, Exec(script))), Nowhere);

        Assert.Equal(1, shape.Replicas);
        Assert.True(File.Exists(marker), "the plugin ran");
    }

    [Fact]
    public async Task ExecCredentialPlugin_ThatFails_IsKubernetesConfigInvalid()
    {
        var script = WriteFile("broken.sh", "#!/bin/sh\necho 'no credentials' >&2\nexit 3\n");

        var error = await Assert.ThrowsAsync<DrException>(() => ReadAsync(Target(WriteKubeconfig(Lab().Ca, Exec(script))), Nowhere));

        Assert.Equal((ErrorIds.KubernetesConfigInvalid, DrErrorCategory.InvalidArgument), (error.ErrorId, error.Category));
    }

    [Fact]
    public async Task KubeconfigVariable_IsUsedWhenNoKubeConfigIsGiven_SkippingMissingFiles()
    {
        var environment = Nowhere with { KubeConfigVariable = "/nonexistent/first" + Path.PathSeparator + lab.KubeconfigPath };

        var shape = await ReadAsync(Target(null), environment);

        Assert.Equal(1, shape.Replicas);
    }

    [Fact]
    public async Task ServiceAccount_IsUsedInAPodWithoutKubeconfig()
    {
        var folder = ServiceAccount(Lab().Token);
        var environment = Nowhere with { ServiceHost = "127.0.0.1", ServicePort = lab.Api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ServiceAccountFolder = folder };

        var shape = await ReadAsync(Target(null), environment);

        Assert.Equal(1, shape.Replicas);
    }

    [Fact]
    public async Task ServiceAccount_WithAWrongToken_IsAnAuthenticationError()
    {
        var environment = Nowhere with { ServiceHost = "127.0.0.1", ServicePort = lab.Api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ServiceAccountFolder = ServiceAccount("not-the-token") };

        var error = await Assert.ThrowsAsync<DrException>(() => ReadAsync(Target(null), environment));

        Assert.Equal((ErrorIds.KubernetesRequestFailed, DrErrorCategory.AuthenticationError), (error.ErrorId, error.Category));
    }

    [Fact]
    public void APodWithoutAServiceAccountToken_IsKubernetesConfigNotFound()
    {
        var environment = Nowhere with { ServiceHost = "10.0.0.1", ServicePort = "443", ServiceAccountFolder = _dir.Path };

        var error = Assert.Throws<DrException>(() => KubernetesWorkloads.Connect(Target(null), null, environment));

        Assert.Equal(ErrorIds.KubernetesConfigNotFound, error.ErrorId);
        Assert.Contains("automountServiceAccountToken", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKubeconfigAnywhereOutsideAPod_IsKubernetesConfigNotFound()
    {
        var error = Assert.Throws<DrException>(() => KubernetesWorkloads.Connect(Target(null), null, Nowhere));

        Assert.Equal((ErrorIds.KubernetesConfigNotFound, DrErrorCategory.ObjectNotFound), (error.ErrorId, error.Category));
        Assert.Contains("KUBECONFIG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerCertificateFromAnotherCa_IsKubernetesServerUntrusted()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=some-other-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var otherCaData = Convert.ToBase64String(Encoding.ASCII.GetBytes(otherCa.ExportCertificatePem()));

        var error = await Assert.ThrowsAsync<DrException>(() => ReadAsync(Target(WriteKubeconfig(otherCaData, $"token: \"{Lab().Token}\"")), Nowhere));

        Assert.Equal((ErrorIds.KubernetesServerUntrusted, DrErrorCategory.SecurityError), (error.ErrorId, error.Category));
        Assert.DoesNotContain(Lab().Token, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<StatefulSetShape> ReadAsync(KubernetesTarget target, KubernetesEnvironment environment)
    {
        using var workloads = KubernetesWorkloads.Connect(target, null, environment);
        return await workloads.ReadStatefulSetAsync(CancellationToken.None);
    }

    private KubernetesTarget Target(string? kubeconfig, string? context = null) => new(kubeconfig, context, lab.Namespace, "qdrant");

    /// <summary>The lab kubeconfig's server, CA data and token.</summary>
    private (string Server, string Ca, string Token) Lab()
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(lab.KubeconfigPath);
        var cluster = config.Clusters.Single().ClusterEndpoint;
        return (cluster.Server, cluster.CertificateAuthorityData, config.Users.Single(u => u.UserCredentials.Token is not null).UserCredentials.Token);
    }

    private static string Exec(string script) => $"""
        exec:
                apiVersion: client.authentication.k8s.io/v1
                command: /bin/sh
                args: ["{script}"]
                interactiveMode: Never
        """;

    private string WriteKubeconfig(string caData, string user) => WriteFile(Guid.NewGuid().ToString("N") + ".yaml", $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: {Lab().Server}
            certificate-authority-data: {caData}
        users:
        - name: someone
          user:
            {user}
        contexts:
        - name: lab
          context:
            cluster: lab
            user: someone
        current-context: lab
        """);

    private string ServiceAccount(string token)
    {
        var folder = Path.Combine(_dir.Path, "serviceaccount-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "token"), token);
        File.WriteAllText(Path.Combine(folder, "ca.crt"), Encoding.ASCII.GetString(Convert.FromBase64String(Lab().Ca)));
        File.WriteAllText(Path.Combine(folder, "namespace"), lab.Namespace);
        return folder;
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, content);
        return path;
    }
}
