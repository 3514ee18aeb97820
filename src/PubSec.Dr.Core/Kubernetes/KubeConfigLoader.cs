using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using YamlDotNet.Core;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// Builds the client configuration for a target the way kubectl finds its credentials: -KubeConfig, else the files
/// in $KUBECONFIG (merged), else ~/.kube/config, else the pod's service account. A kubeconfig may use CA data, client
/// certificates, tokens or exec credential plugins (aws eks get-token, kubelogin): the client library handles each,
/// this class only turns its failures (KubeConfigException, YamlDotNet's parser exceptions) into id'd errors that
/// say which file and what to do. Messages never quote the file: it holds tokens and keys.
/// </summary>
internal static class KubeConfigLoader
{
    /// <summary>
    /// The configuration with the request deadline applied: the client's HttpClient timeout covers connecting too,
    /// so a silent API server ends in KubernetesTimeout. Every Kubernetes client connects through this.
    /// </summary>
    public static KubernetesClientConfiguration Load(KubernetesTarget target, KubernetesEnvironment environment, NetworkDeadlines? deadlines)
    {
        var config = Load(target, environment);
        config.HttpClientTimeout = (deadlines ?? NetworkDeadlines.Default).Request;
        return config;
    }

    public static KubernetesClientConfiguration Load(KubernetesTarget target, KubernetesEnvironment environment)
    {
        if (target.KubeConfig is { } given)
        {
            return FromFiles([given], target, "Check the -KubeConfig path; write one with kubectl config view --raw --minify > file.");
        }

        if (environment.KubeConfigFiles is { Count: > 0 } variable)
        {
            return FromFiles(variable, target, "Check the files named in the KUBECONFIG environment variable.");
        }

        if (File.Exists(environment.DefaultKubeConfig))
        {
            return FromFiles([environment.DefaultKubeConfig], target, "Check ~/.kube/config, or give -KubeConfig.");
        }

        if (environment.InPod)
        {
            return InCluster(environment);
        }

        throw new DrException(ErrorIds.KubernetesConfigNotFound, DrErrorCategory.ObjectNotFound,
            $"No kubeconfig was found: no -KubeConfig, {(environment.KubeConfigVariable is { Length: > 0 } ? "no existing file in KUBECONFIG" : "KUBECONFIG is not set")}, "
            + $"{environment.DefaultKubeConfig} does not exist, and this is not a pod (KUBERNETES_SERVICE_HOST is not set).",
            "Give -KubeConfig with the path of a kubeconfig that reaches the cluster (kubectl config view --raw --minify > file), set KUBECONFIG, or run in the cluster with a service account.",
            environment.DefaultKubeConfig);
    }

    private static KubernetesClientConfiguration FromFiles(IReadOnlyList<string> paths, KubernetesTarget target, string notFoundAction)
    {
        var shown = string.Join(Path.PathSeparator, paths);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new DrException(ErrorIds.KubernetesConfigNotFound, DrErrorCategory.ObjectNotFound, $"The kubeconfig {path} does not exist.", notFoundAction, path);
            }

            if (new FileInfo(path).Length == 0)
            {
                throw Invalid(path, "it is empty", "Write it again with kubectl config view --raw --minify > file.", null);
            }
        }

        try
        {
            if (paths.Count == 1)
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(paths[0], target.Context);
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(paths), target.Context);
        }
        catch (YamlException ex)
        {
            throw Invalid(shown, $"it is not a valid kubeconfig (YAML error at line {ex.Start.Line}, column {ex.Start.Column})",
                "Check the file, or write it again with kubectl config view --raw --minify > file.", ex);
        }
        catch (KubeConfigException ex) when (target.Context is not null && ex.Message.Contains(target.Context, StringComparison.Ordinal))
        {
            throw Invalid(shown, $"it has no context '{target.Context}'", "List the contexts with kubectl config get-contexts and give one of them as -Context.", ex);
        }
        // The library also fails with NullReferenceException and friends on documents that are YAML but not a kubeconfig.
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or NullReferenceException
            or ArgumentException or InvalidOperationException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw Invalid(shown, ex.Message.TrimEnd('.'), "Check that the file is a complete kubeconfig with a current context (kubectl config view), or give -Context; "
                + "for an exec credential plugin (aws eks get-token, kubelogin) check that the command runs on its own.", ex);
        }
    }

    /// <summary>
    /// KUBECONFIG with several files, merged as kubectl merges them: the first file that names a cluster, user or
    /// context wins, and the first current-context set wins. (The library's own merge reads the variable itself.)
    /// </summary>
    private static K8SConfiguration Merge(IReadOnlyList<string> paths)
    {
        var merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(paths[0]));
        foreach (var path in paths.Skip(1))
        {
            var next = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));
            merged.Clusters = Union(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = Union(merged.Users, next.Users, u => u.Name);
            merged.Contexts = Union(merged.Contexts, next.Contexts, c => c.Name);
            merged.CurrentContext = string.IsNullOrEmpty(merged.CurrentContext) ? next.CurrentContext : merged.CurrentContext;
        }

        return merged;
    }

    private static List<T> Union<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var list = (first ?? []).ToList();
        list.AddRange((second ?? []).Where(item => !list.Any(known => name(known) == name(item))));
        return list;
    }

    /// <summary>
    /// The service account of the pod this runs in: the API at https://KUBERNETES_SERVICE_HOST:PORT, the token file
    /// (re-read as the kubelet rotates it), ca.crt as the only trusted CA, and the pod's namespace.
    /// </summary>
    private static KubernetesClientConfiguration InCluster(KubernetesEnvironment environment)
    {
        var folder = environment.ServiceAccountFolder;
        var token = Path.Combine(folder, "token");
        var ca = Path.Combine(folder, "ca.crt");
        if (!File.Exists(token) || !File.Exists(ca))
        {
            throw new DrException(ErrorIds.KubernetesConfigNotFound, DrErrorCategory.ObjectNotFound,
                $"This runs in a pod (KUBERNETES_SERVICE_HOST is set) but its service account token or CA is missing from {folder}.",
                "Mount the service account token (automountServiceAccountToken: true on the pod or its service account), or give -KubeConfig.", folder);
        }

        var host = environment.ServiceHost!.Contains(':', StringComparison.Ordinal) ? $"[{environment.ServiceHost}]" : environment.ServiceHost;
        var namespaceFile = Path.Combine(folder, "namespace");
        try
        {
            return new KubernetesClientConfiguration
            {
                Host = $"https://{host}:{environment.ServicePort}",
                TokenProvider = new TokenFileAuth(token),
                SslCaCerts = TrustedAuthorities(ca),
                Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw Invalid(folder, $"the service account files cannot be read ({ex.Message.TrimEnd('.')})", "Check the pod's service account mount.", ex);
        }
    }

    private static X509Certificate2Collection TrustedAuthorities(string pemFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(pemFile);
        return authorities;
    }

    private static DrException Invalid(string path, string why, string action, Exception? inner) => new(
        ErrorIds.KubernetesConfigInvalid, DrErrorCategory.InvalidArgument, $"The kubeconfig {path} cannot be used: {why}.", action, path, inner);
}
