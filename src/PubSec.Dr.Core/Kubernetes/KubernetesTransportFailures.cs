using System.Security.Authentication;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// The failures every Kubernetes call shares, whatever it asks for: an untrusted server certificate, an API server
/// that cannot be reached, exec credentials that cannot be obtained, the request deadline. Each client maps the
/// server's own refusals (HttpOperationException) itself, since what to advise depends on what it asked.
/// </summary>
internal static class KubernetesTransportFailures
{
    /// <param name="what">What the request was about, for the timeout message ("a request on ns/qdrant").</param>
    public static DrException? Map(Exception ex, string what, object? target, CancellationToken ct) => ex switch
    {
        HttpRequestException when ExceptionChain.Find<AuthenticationException>(ex) is not null => new DrException(ErrorIds.KubernetesServerUntrusted, DrErrorCategory.SecurityError,
            $"The TLS handshake with the Kubernetes API failed: the server's certificate is not trusted by the kubeconfig's certificate-authority-data (or the service account's ca.crt), or its name does not match the server address. {ExceptionChain.Innermost(ex)?.Message}",
            "Check that the kubeconfig's cluster entry carries the CA of this API server (kubectl config view --raw --minify) and that server: names the API server; do not switch verification off.",
            target, ex),
        HttpRequestException => new DrException(ErrorIds.KubernetesUnreachable, DrErrorCategory.ConnectionError,
            $"The Kubernetes API cannot be reached: {ex.Message}", "Check the kubeconfig's server address and network access.", target, ex),
        // An exec credential plugin runs when a request needs a token; its failure is a kubeconfig problem.
        k8s.Exceptions.KubeConfigException => new DrException(ErrorIds.KubernetesConfigInvalid, DrErrorCategory.InvalidArgument,
            $"The kubeconfig's credentials cannot be obtained: {ex.Message.TrimEnd('.')}.",
            "Check that the user's exec credential plugin (aws eks get-token, kubelogin) runs on its own and prints an ExecCredential.", target, ex),
        // The client's own timeout (the request deadline), not the caller's Ctrl+C.
        OperationCanceledException when !ct.IsCancellationRequested => new DrException(ErrorIds.KubernetesTimeout, DrErrorCategory.OperationTimeout,
            $"The Kubernetes API did not answer {what} in time.",
            "Check the kubeconfig's server address, that the API server is healthy (kubectl get --raw /readyz) and the network path; raise -RequestTimeout for a slow link.",
            target, ex),
        _ => null,
    };
}
