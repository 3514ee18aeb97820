using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The application's HTTP surface, as a DR drill sees it: <c>/health</c> (process up), <c>/ready</c> (its region's
/// Qdrant and Redis answer), <c>/api/v1/query</c> (a search of the app collection). Every answer names the region in
/// <c>X-PubSec-Region</c>, so a client behind DNS can tell which region served it. A query that carries an
/// <c>X-Api-Key</c> header must carry a valid key (<see cref="ApiKeyGate"/>), else 401; one without the header is
/// served as before, so the public checks (Test-DrService, readiness) need no key.
/// </summary>
internal sealed class AppRoutes(AppOptions options, RegionQdrant qdrant, ApiKeyGate keys)
{
    public const string RegionHeader = "X-PubSec-Region";
    private const int ResultLimit = 5;

    public void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers[RegionHeader] = options.Region;
            return next(context);
        });
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (AppUnavailableException ex) when (!context.Response.HasStarted)
            {
                await Json(context, 503, NotReady(ex.Failing)).ConfigureAwait(false);
            }
        });
        app.UseRouting();
        app.MapGet("/health", context => Json(context, 200, new JsonObject { ["status"] = "ok", ["region"] = options.Region }));
        app.MapGet("/ready", Ready);
        app.MapGet("/api/v1/query", Query);
    }

    private async Task Ready(HttpContext context)
    {
        var failing = await FailingAsync(context.RequestAborted).ConfigureAwait(false);
        await Json(context, failing.Count == 0 ? 200 : 503, failing.Count == 0
            ? new JsonObject { ["status"] = "ready", ["region"] = options.Region }
            : NotReady(failing)).ConfigureAwait(false);
    }

    private async Task Query(HttpContext context)
    {
        // Authentication before anything else, as a real app's middleware does: a wrong key learns nothing more.
        if (context.Request.Headers.TryGetValue(ApiKeyGate.Header, out var key) && !keys.Accepts(key.ToString()))
        {
            await Json(context, 401, new JsonObject { ["error"] = $"invalid API key ({ApiKeyGate.Header})", ["region"] = options.Region }).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query))
        {
            await Json(context, 400, new JsonObject { ["error"] = "query is required: /api/v1/query?query=TEXT", ["region"] = options.Region }).ConfigureAwait(false);
            return;
        }

        // A real app fails its requests when a dependency is down; it does not answer from half its backends.
        var failing = await FailingAsync(context.RequestAborted).ConfigureAwait(false);
        if (failing.Count > 0)
        {
            throw new AppUnavailableException(failing);
        }

        var collection = Uri.EscapeDataString(options.Collection);
        var (status, info) = await qdrant.SendAsync(HttpMethod.Get, $"collections/{collection}", null, context.RequestAborted).ConfigureAwait(false);
        if (info?["result"]?["config"]?["params"]?["vectors"]?["size"]?.GetValue<int>() is not { } size)
        {
            throw new AppUnavailableException([$"qdrant collection '{options.Collection}': {(status == 404 ? "missing" : $"answered {status} without a single vector size")}"]);
        }

        var search = new JsonObject
        {
            ["vector"] = new JsonArray(QueryEmbedding.Of(query, size).Select(v => (JsonNode)v).ToArray()),
            ["limit"] = ResultLimit,
            ["with_payload"] = true,
        };
        var (searchStatus, found) = await qdrant.SendAsync(HttpMethod.Post, $"collections/{collection}/points/search", search, context.RequestAborted).ConfigureAwait(false);
        if (searchStatus != 200 || found?["result"] is not JsonArray hits)
        {
            throw new AppUnavailableException([$"qdrant collection '{options.Collection}': search answered {searchStatus}"]);
        }

        var results = new JsonArray(hits.Select(hit => (JsonNode)new JsonObject
        {
            ["id"] = hit?["id"]?.DeepClone(),
            ["score"] = hit?["score"]?.DeepClone(),
            ["title"] = hit?["payload"]?["title"]?.DeepClone(),
        }).ToArray());
        await Json(context, 200, new JsonObject
        {
            ["region"] = options.Region,
            ["query"] = query,
            ["answer"] = results.Count > 0 ? results[0]!["title"]?.DeepClone() : null,
            ["results"] = results,
        }).ConfigureAwait(false);
    }

    private async Task<List<string>> FailingAsync(CancellationToken cancellationToken)
    {
        var nodes = qdrant.FailingNodesAsync(cancellationToken);
        var redis = options.Redis is null
            ? "redis: none configured (--app-redis)"
            : await RedisPing.CheckAsync(options.Redis, ReadPassword(), cancellationToken).ConfigureAwait(false);
        var failing = await nodes.ConfigureAwait(false);
        if (redis is not null)
        {
            failing.Add(redis);
        }

        return failing;
    }

    // Read per check, so a rotated password file is picked up as an app re-reading its secret would.
    private string? ReadPassword() =>
        options.RedisPasswordFile is { } file && File.Exists(file) ? File.ReadAllText(file).Trim() : null;

    private JsonObject NotReady(IEnumerable<string> failing) => new()
    {
        ["status"] = "not-ready",
        ["region"] = options.Region,
        ["failing"] = new JsonArray(failing.Select(f => (JsonNode)f).ToArray()),
    };

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(Rest.LabJson.Compact), context.RequestAborted);
    }
}
