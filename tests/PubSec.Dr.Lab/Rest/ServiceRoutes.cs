using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Rest;

/// <summary>GET / (unwrapped version info) and the plain-text health probes (§7.4).</summary>
internal static class ServiceRoutes
{
    public const string Title = "qdrant - vector search engine";

    /// <summary>A stand-in build commit: Qdrant always reports one, and the lab has no real one.</summary>
    public const string Commit = "0000000000000000000000000000000000000000";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => Envelope.Write(context, StatusCodes.Status200OK, new JsonObject
        {
            ["title"] = Title,
            ["version"] = context.RequestServices.GetRequiredService<LabCluster>().Options.Version,
            ["commit"] = Commit,
        }));
        app.MapGet("/healthz", context => Text(context, StatusCodes.Status200OK, "healthz check passed"));
        app.MapGet("/livez", context => Text(context, StatusCodes.Status200OK, "healthz check passed"));
        app.MapGet("/readyz", context => context.RequestServices.GetRequiredService<CollectionService>().AllShardsReady()
            ? Text(context, StatusCodes.Status200OK, "all shards are ready")
            : Text(context, StatusCodes.Status503ServiceUnavailable, "some shards are not ready"));
    }

    private static Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
