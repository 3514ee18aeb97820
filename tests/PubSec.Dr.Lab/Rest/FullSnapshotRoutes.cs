using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Full-storage snapshots (§3): create (wait=true|false), list, download, delete.</summary>
internal static class FullSnapshotRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/snapshots", context =>
        {
            var service = Service(context);
            if (RestRequest.Wait(context))
            {
                return Envelope.Ok(context, ModelJson.Snapshot(service.Create()));
            }

            service.StartCreate();
            return Envelope.Accepted(context);
        });
        app.MapGet("/snapshots", context =>
            Envelope.Ok(context, new JsonArray(Service(context).List().Select(s => (JsonNode)ModelJson.Snapshot(s)).ToArray())));
        app.MapGet("/snapshots/{snapshot}", async context =>
        {
            var path = Service(context).PathOf(RestRequest.Route(context, "snapshot"));
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = new FileInfo(path).Length;
            await context.Response.SendFileAsync(path, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapDelete("/snapshots/{snapshot}", context =>
        {
            var wait = RestRequest.Wait(context);
            Service(context).Delete(RestRequest.Route(context, "snapshot"));
            return wait ? Envelope.Ok(context, true) : Envelope.Accepted(context);
        });
    }

    private static FullSnapshotService Service(HttpContext context) => context.RequestServices.GetRequiredService<FullSnapshotService>();
}
