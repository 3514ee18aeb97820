using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Collection create/list/get/exists/delete (§7.1).</summary>
internal static class CollectionRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/collections", context => Envelope.Ok(context, new JsonObject
        {
            ["collections"] = new JsonArray(Service(context).List().Select(name => (JsonNode)new JsonObject { ["name"] = name }).ToArray()),
        }));
        app.MapGet("/collections/{name}", context =>
            Envelope.Ok(context, ModelJson.CollectionInfo(Service(context).Info(RestRequest.Route(context, "name")))));
        app.MapGet("/collections/{name}/exists", context =>
            Envelope.Ok(context, new JsonObject { ["exists"] = Service(context).Exists(RestRequest.Route(context, "name")) }));
        app.MapPut("/collections/{name}", async context =>
        {
            var name = RestRequest.Route(context, "name");
            CollectionNameRules.ValidateForCreate(name, "path parameters");
            var config = CreateCollectionRequest.Parse(await RestRequest.JsonBodyAsync(context).ConfigureAwait(false));
            Service(context).Create(name, config);
            await Envelope.Ok(context, true).ConfigureAwait(false);
        });
        app.MapDelete("/collections/{name}", context => Envelope.Ok(context, Service(context).Delete(RestRequest.Route(context, "name"))));
    }

    private static CollectionService Service(HttpContext context) => context.RequestServices.GetRequiredService<CollectionService>();
}
