using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Point upsert, delete, retrieve, count (§7.2), scroll (§7.3) and brute-force search.</summary>
internal static class PointRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/collections/{name}/points", async context =>
        {
            var body = await RestRequest.JsonObjectAsync(context, emptyAllowed: false).ConfigureAwait(false);
            var result = Points(context).Upsert(RestRequest.Route(context, "name"), PointJson.ParseUpsert(body), RestRequest.Wait(context));
            await Envelope.Ok(context, PointJson.UpdateResult(result)).ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/points/delete", async context =>
        {
            var body = await RestRequest.JsonObjectAsync(context, emptyAllowed: false).ConfigureAwait(false);
            var ids = body["points"] is { } points ? PointJson.ParseIds(points).ToHashSet() : null;
            var filter = PointFilterJson.Parse(body["filter"]);
            if (ids is null && filter is null)
            {
                throw QdrantException.Format("JSON body", "data did not match any variant of untagged enum PointsSelector");
            }

            var result = Points(context).Delete(RestRequest.Route(context, "name"), ids, filter, RestRequest.Wait(context));
            await Envelope.Ok(context, PointJson.UpdateResult(result)).ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/points", async context =>
        {
            var name = RestRequest.Route(context, "name");
            var body = await RestRequest.JsonObjectAsync(context, emptyAllowed: false).ConfigureAwait(false);
            var ids = PointJson.ParseIds(body["ids"]).ToHashSet();
            var config = Collections(context).Get(name).Config.Vectors;
            var payload = PayloadSelector.Parse(body["with_payload"], PayloadSelector.All);
            var withVector = PointJson.WithVector(body);
            var filter = new PointFilter([new HasIdCondition(ids)], [], []);
            var page = Points(context).Scroll(name, filter, null, ids.Count);
            await Envelope.Ok(context, new JsonArray(page.Points.Select(p => (JsonNode)PointJson.Record(p, payload, withVector, config)).ToArray()))
                .ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/points/count", async context =>
        {
            var body = await RestRequest.JsonObjectAsync(context).ConfigureAwait(false);
            var count = Points(context).Count(RestRequest.Route(context, "name"), PointFilterJson.Parse(body["filter"]));
            await Envelope.Ok(context, new JsonObject { ["count"] = count }).ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/points/scroll", async context =>
        {
            var name = RestRequest.Route(context, "name");
            var body = await RestRequest.JsonObjectAsync(context).ConfigureAwait(false);
            var limit = RestRequest.OptionalCount(body, "limit", 10);
            if (limit < 1)
            {
                throw QdrantException.Validation("JSON body", "limit", "value 0 invalid, must be 1 or more");
            }

            var offset = body["offset"] is { } offsetNode ? PointId.Parse(offsetNode, "JSON body") : (PointId?)null;
            var payload = PayloadSelector.Parse(body["with_payload"], PayloadSelector.All);
            var withVector = PointJson.WithVector(body);
            var config = Collections(context).Get(name).Config.Vectors;
            var page = Points(context).Scroll(name, PointFilterJson.Parse(body["filter"]), offset, limit);
            await Envelope.Ok(context, new JsonObject
            {
                ["points"] = new JsonArray(page.Points.Select(p => (JsonNode)PointJson.Record(p, payload, withVector, config)).ToArray()),
                ["next_page_offset"] = page.NextOffset?.ToJson(),
            }).ConfigureAwait(false);
        });

        app.MapPost("/collections/{name}/points/search", async context =>
        {
            var name = RestRequest.Route(context, "name");
            var body = await RestRequest.JsonObjectAsync(context, emptyAllowed: false).ConfigureAwait(false);
            var (vectorName, vector) = body["vector"] switch
            {
                JsonArray plain => (VectorsConfig.DefaultName, PointJson.Floats(plain, "vector")),
                JsonObject named => (RestRequest.OptionalString(named, "name") ?? VectorsConfig.DefaultName, PointJson.Floats(named["vector"], "vector.vector")),
                _ => throw QdrantException.Format("JSON body", "missing field `vector`"),
            };
            var limit = body["limit"] is null ? throw QdrantException.Format("JSON body", "missing field `limit`") : RestRequest.OptionalCount(body, "limit", 10);
            float? threshold = body["score_threshold"] is JsonValue t && t.TryGetValue<float>(out var value) ? value : null;
            var query = new SearchQuery(vectorName, vector, limit, RestRequest.OptionalCount(body, "offset", 0), PointFilterJson.Parse(body["filter"]), threshold);
            var payload = PayloadSelector.Parse(body["with_payload"], PayloadSelector.None);
            var withVector = PointJson.WithVector(body);
            var config = Collections(context).Get(name).Config.Vectors;
            var hits = Points(context).Search(name, query);
            await Envelope.Ok(context, new JsonArray(hits.Select(h => (JsonNode)PointJson.Scored(h, payload, withVector, config)).ToArray()))
                .ConfigureAwait(false);
        });
    }

    private static PointService Points(HttpContext context) => context.RequestServices.GetRequiredService<PointService>();

    private static CollectionService Collections(HttpContext context) => context.RequestServices.GetRequiredService<CollectionService>();
}
