using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PubSec.Dr.Lab.Hosting;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The apiserver's listener: HTTPS (HTTP/1.1) on 127.0.0.1 with the lab CA's server certificate. A request is
/// authenticated by either credential kube-apiserver takes from a kubeconfig: <c>Authorization: Bearer &lt;token&gt;</c>
/// or a client certificate issued by the lab CA (kubectl never sends a token over plain HTTP, hence TLS). Like the
/// apiserver's union authenticator, one valid credential is enough; none, or only wrong ones, is a 401 Status
/// <c>Unauthorized</c>, except the anonymous GET /version, /healthz, /livez, /readyz without credentials.
/// </summary>
internal sealed class KubeApiServer(KubeApi api, string token, LabPki pki)
{
    private static readonly string[] AnonymousPaths = ["/version", "/healthz", "/livez", "/readyz"];

    private WebApplication? _app;

    public async Task<int> StartAsync(int port)
    {
        var builder = KestrelApps.CreateBuilder();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel => listen = KestrelApps.Listen(kestrel, port, HttpProtocols.Http1, https => https.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = pki.Server,
            // Asked for but optional (token clients have none); checked per request against the lab CA so an
            // untrusted certificate is a 401 Status, as on kube-apiserver, not a failed handshake.
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        app.Run(HandleAsync);
        await KestrelApps.StartAsync(app, $"the Kubernetes API (port {port})").ConfigureAwait(false);
        _app = app;
        return KestrelApps.BoundPort(listen);
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Open watches are cut; their clients see the stream end, as on an apiserver restart.
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
            var presented = context.Request.Headers.Authorization.ToString();
            var certificate = context.Connection.ClientCertificate;
            if (presented.Length == 0 && certificate is null && AnonymousPaths.Contains(path) && HttpMethods.IsGet(context.Request.Method))
            {
                await AnonymousAsync(context, path).ConfigureAwait(false);
                return;
            }

            if (!IsValid(presented) && !(certificate is not null && pki.IsTrustedClient(certificate)))
            {
                throw KubeErrors.Unauthorized();
            }

            if (path is "/healthz" or "/livez" or "/readyz")
            {
                await AnonymousAsync(context, path).ConfigureAwait(false);
                return;
            }

            await api.HandleAsync(context).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (!context.Response.HasStarted)
        {
            await KubeApi.Respond(context, ex.Code, ex.Status).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // A body of the right JSON syntax but the wrong types (e.g. a string where a number belongs).
            await KubeApi.Respond(context, 400, KubeErrors.BadRequest(ex.Message).Status).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            // A lab defect still answers like an apiserver, so the client shows the message instead of an empty 500.
            await KubeApi.Respond(context, 500, KubeErrors.Internal(ex.Message).Status).ConfigureAwait(false);
        }
    }

    private static Task AnonymousAsync(HttpContext context, string path)
    {
        if (path == "/version")
        {
            return KubeApi.Respond(context, 200, KubeVersion.Info());
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("ok", context.RequestAborted);
    }

    private bool IsValid(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token));
    }
}
