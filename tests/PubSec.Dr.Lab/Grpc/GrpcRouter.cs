using System.Diagnostics;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Auth;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>
/// The gRPC front end of one node: routes <c>/package.Service/Method</c> to a handler, checks the <c>api-key</c>
/// metadata (health checks stay open), and answers with one framed message plus grpc-status/grpc-message
/// trailers. Errors carry the same text as REST and the §1.3 status codes.
/// </summary>
internal sealed class GrpcRouter(ApiKeyPolicy policy, ILogger<GrpcRouter> log)
{
    /// <summary>Handlers get the request and the call's start timestamp (responses report `time`).</summary>
    public delegate Task<IMessage> Handler(IMessage request, long startedAt, CancellationToken ct);

    private sealed record Route(MessageParser? Parser, GrpcAccess Access, Func<IMessage?, long, CancellationToken, Task<byte[]>> Invoke);

    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);

    public void Add(ServiceDescriptor service, string method, GrpcAccess access, Handler handler)
    {
        var descriptor = service.FindMethodByName(method) ?? throw new InvalidOperationException($"{service.FullName} has no method {method}");
        _routes[$"/{service.FullName}/{descriptor.Name}"] = new Route(descriptor.InputType.Parser, access,
            async (request, started, ct) => (await handler(request!, started, ct).ConfigureAwait(false)).ToByteArray());
    }

    /// <summary>A method whose request is ignored and whose reply is pre-encoded (grpc.health.v1 has no generated types here).</summary>
    public void AddRaw(string path, GrpcAccess access, byte[] reply) =>
        _routes[path] = new Route(null, access, (_, _, _) => Task.FromResult(reply));

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        var (status, message) = await DispatchAsync(context, started).ConfigureAwait(false);
        context.Response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
        {
            context.Response.AppendTrailer("grpc-message", GrpcFraming.EncodeMessage(message));
        }
    }

    private async Task<(StatusCode Status, string Message)> DispatchAsync(HttpContext context, long started)
    {
        if (!_routes.TryGetValue(context.Request.Path.Value ?? string.Empty, out var route))
        {
            return (StatusCode.Unimplemented, $"Method {context.Request.Path} is not implemented by the lab");
        }

        if (route.Access != GrpcAccess.Open)
        {
            switch (policy.Check(context.Request.Headers["api-key"].ToString()))
            {
                case AccessLevel.MissingKey:
                    return (StatusCode.Unauthenticated, ApiKeyPolicy.MissingKeyText);
                case AccessLevel.InvalidKey:
                    return (StatusCode.Unauthenticated, ApiKeyPolicy.InvalidKeyText);
                case AccessLevel.ReadOnly when route.Access == GrpcAccess.Write:
                    return (StatusCode.PermissionDenied, $"Forbidden: {ApiKeyPolicy.ManageRequiredText}");
            }
        }

        try
        {
            var request = route.Parser is null ? null : await GrpcFraming.ReadAsync(context.Request, route.Parser, context.RequestAborted).ConfigureAwait(false);
            var reply = await route.Invoke(request, started, context.RequestAborted).ConfigureAwait(false);
            await GrpcFraming.WriteAsync(context.Response, reply, context.RequestAborted).ConfigureAwait(false);
            return (StatusCode.OK, string.Empty);
        }
        catch (QdrantException ex)
        {
            return (ex.GrpcStatus, ex.Message);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return (StatusCode.InvalidArgument, $"Format error in request: {ex.Message}");
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(ex, "gRPC {Path} failed", context.Request.Path);
            return (StatusCode.Internal, $"Service internal error: {ex.Message}");
        }
    }
}
