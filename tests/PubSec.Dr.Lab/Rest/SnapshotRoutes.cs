using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Recovery;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Collection snapshots (§2): create, list, download, delete, recover from a location, recover from an upload.</summary>
internal static class SnapshotRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/collections/{name}/snapshots", context =>
        {
            var name = RestRequest.Route(context, "name");
            if (RestRequest.Wait(context))
            {
                return Envelope.Ok(context, ModelJson.Snapshot(Snapshots(context).Create(name)));
            }

            Snapshots(context).StartCreate(name);
            return Envelope.Accepted(context);
        });

        app.MapGet("/collections/{name}/snapshots", context => Envelope.Ok(context,
            new JsonArray(Snapshots(context).List(RestRequest.Route(context, "name")).Select(s => (JsonNode)ModelJson.Snapshot(s)).ToArray())));

        app.MapGet("/collections/{name}/snapshots/{snapshot}", async context =>
        {
            var path = Snapshots(context).PathOf(RestRequest.Route(context, "name"), RestRequest.Route(context, "snapshot"));
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = new FileInfo(path).Length;
            await context.Response.SendFileAsync(path, context.RequestAborted).ConfigureAwait(false);
        });

        app.MapDelete("/collections/{name}/snapshots/{snapshot}", context =>
        {
            var wait = RestRequest.Wait(context);
            Snapshots(context).Delete(RestRequest.Route(context, "name"), RestRequest.Route(context, "snapshot"));
            return wait ? Envelope.Ok(context, true) : Envelope.Accepted(context);
        });

        app.MapPut("/collections/{name}/snapshots/recover", async context =>
        {
            var name = RestRequest.Route(context, "name");
            CollectionNameRules.Validate(name);
            var wait = RestRequest.Wait(context);
            var body = await RestRequest.JsonObjectAsync(context, emptyAllowed: false).ConfigureAwait(false);
            var location = RestRequest.OptionalString(body, "location") ?? throw QdrantException.Format("JSON body", "missing field `location`");
            var priority = RecoveryPriorities.Parse(RestRequest.OptionalString(body, "priority"), "JSON body");
            var checksum = RestRequest.Checksum(RestRequest.OptionalString(body, "checksum"), "JSON body");
            await Recovery(context).RecoverFromLocationAsync(name, location, priority, checksum, RestRequest.OptionalString(body, "api_key"), wait,
                context.RequestAborted).ConfigureAwait(false);
            await (wait ? Envelope.Ok(context, true) : Envelope.Accepted(context)).ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/snapshots/upload", async context =>
        {
            var name = RestRequest.Route(context, "name");
            CollectionNameRules.ValidateForCreate(name, "path parameters");
            var wait = RestRequest.Wait(context);
            var priority = RecoveryPriorities.Parse(RestRequest.Query(context, "priority"), "query parameters");
            var checksum = RestRequest.Checksum(RestRequest.Query(context, "checksum"), "query parameters");
            var node = context.RequestServices.GetRequiredService<LabNode>();
            var upload = await UploadSpool.ReceiveAsync(context.Request, node.Paths.UploadSpool, context.RequestAborted).ConfigureAwait(false);
            await Recovery(context).RecoverFromUploadAsync(name, upload, priority, checksum, wait).ConfigureAwait(false);
            await (wait ? Envelope.Ok(context, true) : Envelope.Accepted(context)).ConfigureAwait(false);
        });
    }

    private static SnapshotService Snapshots(HttpContext context) => context.RequestServices.GetRequiredService<SnapshotService>();

    private static RecoveryService Recovery(HttpContext context) => context.RequestServices.GetRequiredService<RecoveryService>();
}
