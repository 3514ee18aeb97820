using k8s;
using k8s.Exceptions;
using PubSec.Dr.Errors;
using YamlDotNet.Core;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// Reads the kubeconfig for a target, turning the client library's failures (KubeConfigException, YamlDotNet's
/// parser exceptions) into id'd errors that say which file and what to do. Messages never quote the file: it
/// holds tokens and keys.
/// </summary>
internal static class KubeConfigLoader
{
    public static KubernetesClientConfiguration Load(KubernetesTarget target)
    {
        var path = target.KubeConfig ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
        if (!File.Exists(path))
        {
            throw new DrException(ErrorIds.KubernetesConfigNotFound, DrErrorCategory.ObjectNotFound,
                $"The kubeconfig {path} does not exist.",
                target.KubeConfig is null
                    ? "Give -KubeConfig with the path of a kubeconfig that reaches the cluster (kubectl config view --raw --minify > file), or create ~/.kube/config."
                    : "Check the -KubeConfig path; write one with kubectl config view --raw --minify > file.",
                path);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw Invalid(path, "it is empty", "Write it again with kubectl config view --raw --minify > file.", null);
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, target.Context);
        }
        catch (YamlException ex)
        {
            throw Invalid(path, $"it is not a valid kubeconfig (YAML error at line {ex.Start.Line}, column {ex.Start.Column})",
                "Check the file, or write it again with kubectl config view --raw --minify > file.", ex);
        }
        catch (KubeConfigException ex) when (target.Context is not null && ex.Message.Contains(target.Context, StringComparison.Ordinal))
        {
            throw Invalid(path, $"it has no context '{target.Context}'", "List the contexts with kubectl config get-contexts and give one of them as -Context.", ex);
        }
        // The library also fails with NullReferenceException and friends on documents that are YAML but not a kubeconfig.
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or NullReferenceException
            or ArgumentException or InvalidOperationException or FormatException)
        {
            throw Invalid(path, ex.Message.TrimEnd('.'), "Check that the file is a complete kubeconfig with a current context (kubectl config view), or give -Context.", ex);
        }
    }

    private static DrException Invalid(string path, string why, string action, Exception? inner) => new(
        ErrorIds.KubernetesConfigInvalid, DrErrorCategory.InvalidArgument, $"The kubeconfig {path} cannot be used: {why}.", action, path, inner);
}
