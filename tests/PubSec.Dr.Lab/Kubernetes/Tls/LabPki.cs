using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>&lt;data&gt;/pki/</c>: the emulated cluster's certificate authority, the API server's certificate (127.0.0.1 and
/// localhost) and the admin client certificate (CN = user, O = group, as kube-apiserver reads them), as PEM files.
/// Made once with .NET's CertificateRequest and kept, so the kubeconfig stays valid across restarts; made afresh when
/// a file is missing or a certificate is about to expire. The private keys never leave this folder (mode 0600).
/// </summary>
internal sealed class LabPki
{
    public const string ClientUser = "pubsec-lab-admin";
    public const string ClientGroup = "system:masters";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private LabPki(X509Certificate2 authority, X509Certificate2 server, string clientCertificatePem, string clientKeyPem)
    {
        Authority = authority;
        Server = server;
        ClientCertificatePem = clientCertificatePem;
        ClientKeyPem = clientKeyPem;
    }

    /// <summary>The CA certificate (public part only): the trust anchor for the server's and clients' certificates.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The API server's certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    public string ClientCertificatePem { get; }

    public string ClientKeyPem { get; }

    public static string FolderIn(string dataDirectory) => Path.Combine(dataDirectory, "pki");

    public static LabPki LoadOrCreate(string dataDirectory)
    {
        var folder = FolderIn(dataDirectory);
        try
        {
            return TryLoad(folder) ?? Create(folder);
        }
        catch (CryptographicException ex)
        {
            throw new LabStartupException($"{folder} holds certificates or keys that cannot be read ({ex.Message}); delete the folder to make new ones.", ex);
        }
    }

    /// <summary>True when <paramref name="certificate"/> was issued by this CA for client authentication and is in date.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        return chain.Build(certificate);
    }

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private static LabPki? TryLoad(string folder)
    {
        var files = new[] { "ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key" }.Select(f => Path.Combine(folder, f)).ToArray();
        if (!files.All(File.Exists))
        {
            return null;
        }

        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(files[0]));
        var server = Usable(X509Certificate2.CreateFromPem(File.ReadAllText(files[2]), File.ReadAllText(files[3])));
        var clientPem = File.ReadAllText(files[4]);
        using var client = X509Certificate2.CreateFromPem(clientPem);
        var renewBy = DateTime.Now + RenewBefore;
        return authority.NotAfter < renewBy || server.NotAfter < renewBy || client.NotAfter < renewBy
            ? null
            : new LabPki(authority, server, clientPem, File.ReadAllText(files[5]));
    }

    private static LabPki Create(string folder)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        // ECDSA P-256: kubectl, client-go and KubernetesClient all take it, and its keys are made in microseconds where
        // RSA keys cost seconds on a loaded machine, delaying every lab start.
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(new X500DistinguishedName("CN=pubsec-lab-ca"), caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var authority = caRequest.CreateSelfSigned(now, now + Lifetime + Lifetime);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        var server = Issue(authority, serverKey, "CN=kube-apiserver", ServerAuthOid, names.Build(), now);

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = Issue(authority, clientKey, $"CN={ClientUser}, O={ClientGroup}", ClientAuthOid, null, now);

        Directory.CreateDirectory(folder);
        Write(folder, "ca.crt", authority.ExportCertificatePem(), secret: false);
        Write(folder, "ca.key", caKey.ExportPkcs8PrivateKeyPem(), secret: true);
        Write(folder, "server.crt", server.ExportCertificatePem(), secret: false);
        Write(folder, "server.key", serverKey.ExportPkcs8PrivateKeyPem(), secret: true);
        Write(folder, "client.crt", client.ExportCertificatePem(), secret: false);
        // SEC 1 ("EC PRIVATE KEY"), the form kubeadm and kind put in client-key-data for EC keys.
        Write(folder, "client.key", clientKey.ExportECPrivateKeyPem(), secret: true);
        return TryLoad(folder) ?? throw new LabStartupException($"The certificates just written to {folder} cannot be read back.");
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, ECDsa key, string subject, string usage, X509Extension? names, DateTimeOffset now)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        return request.Create(authority, now, now + Lifetime, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>On Windows SChannel cannot use an ephemeral key for a TLS server; a PKCS#12 round trip gives it a usable one.</summary>
    private static X509Certificate2 Usable(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static void Write(string folder, string name, string pem, bool secret)
    {
        var path = Path.Combine(folder, name);
        AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, pem);
            if (secret && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        });
    }
}
