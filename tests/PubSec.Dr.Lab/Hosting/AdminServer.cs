using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// The lab's own control API (plain JSON, no auth, loopback only): list nodes, stop/start/wipe a node,
/// stop/start the application stub, take the whole region down and up, change the WAL padding, shut down. Errors are <c>{"error":"…"}</c> with 400/404/409.
/// </summary>
internal sealed class AdminServer(LabHost host)
{
    private WebApplication? _app;

    public async Task<int> StartAsync(int port)
    {
        var builder = KestrelApps.CreateBuilder();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel => listen = KestrelApps.Listen(kestrel, port, HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        app.Use(HandleErrors);
        Map(app);
        await KestrelApps.StartAsync(app, $"the admin API (port {port})").ConfigureAwait(false);
        _app = app;
        return KestrelApps.BoundPort(listen);
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/lab/nodes", context => Json(context, 200, EndpointsFile.Nodes(host.Cluster)));
        app.MapPost("/lab/nodes/{index}/stop", async context =>
            await Json(context, 200, EndpointsFile.Node(await host.StopNodeAsync(Index(context)).ConfigureAwait(false))).ConfigureAwait(false));
        app.MapPost("/lab/nodes/{index}/start", async context =>
            await Json(context, 200, EndpointsFile.Node(await host.StartNodeAsync(Index(context)).ConfigureAwait(false))).ConfigureAwait(false));
        app.MapPost("/lab/nodes/{index}/wipe", async context =>
            await Json(context, 200, EndpointsFile.Node(await host.WipeNodeAsync(Index(context)).ConfigureAwait(false))).ConfigureAwait(false));
        app.MapPost("/lab/kubernetes/nodes/{name}/notready", context => SetNodeReady(context, false));
        app.MapPost("/lab/kubernetes/nodes/{name}/ready", context => SetNodeReady(context, true));
        app.MapGet("/lab/options", context => Json(context, 200, Options()));
        app.MapPut("/lab/options", async context =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (body?["walPaddingBytes"] is JsonValue value && value.TryGetValue<long>(out var padding) && padding >= 0)
            {
                host.Cluster.WalPaddingBytes = padding;
                await Json(context, 200, Options()).ConfigureAwait(false);
                return;
            }

            throw new AdminException(400, "Body must be {\"walPaddingBytes\": <non-negative integer>}.");
        });
        app.MapGet("/lab/app", context => Json(context, 200, Application().Status()));
        app.MapPost("/lab/app/stop", async context =>
            await Json(context, 200, await Application().StopByAdminAsync().ConfigureAwait(false)).ConfigureAwait(false));
        app.MapPost("/lab/app/start", async context =>
            await Json(context, 200, await Application().StartByAdminAsync().ConfigureAwait(false)).ConfigureAwait(false));
        app.MapGet("/lab/region", context => Json(context, 200, host.RegionStatus()));
        app.MapPost("/lab/region/down", async context =>
            await Json(context, 200, await host.SetRegionDownAsync().ConfigureAwait(false)).ConfigureAwait(false));
        app.MapPost("/lab/region/up", async context =>
            await Json(context, 200, await host.SetRegionUpAsync().ConfigureAwait(false)).ConfigureAwait(false));
        app.MapPost("/lab/shutdown", context =>
        {
            host.RequestShutdown();
            return Json(context, 202, new JsonObject { ["shuttingDown"] = true });
        });
    }

    /// <summary>A Kubernetes Node's Ready condition as the node controller sees it (the Qdrant node keeps running).</summary>
    private Task SetNodeReady(HttpContext context, bool ready)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var kubernetes = host.Kubernetes ?? throw new AdminException(409, "The Kubernetes API is not running yet.");
        var node = kubernetes.SetNodeReady(name, ready) ?? throw new AdminException(404, $"There is no Kubernetes node {name}.");
        return Json(context, 200, node);
    }

    private JsonObject Options() => new() { ["walPaddingBytes"] = host.Cluster.WalPaddingBytes };

    private Application.AppServer Application() =>
        host.Application ?? throw new AdminException(404, "This lab runs no application stub; start it with --app-port.");

    private int Index(HttpContext context)
    {
        var text = (string)context.Request.RouteValues["index"]!;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < host.Cluster.Nodes.Count
            ? index
            : throw new AdminException(404, $"There is no node {text}; the lab has {host.Cluster.Nodes.Count}.");
    }

    private static async Task HandleErrors(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (AdminException ex) when (!context.Response.HasStarted)
        {
            await Json(context, ex.Status, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
        catch (LabStartupException ex) when (!context.Response.HasStarted)
        {
            await Json(context, 409, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex) when (!context.Response.HasStarted)
        {
            await Json(context, 400, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(Rest.LabJson.Compact), context.RequestAborted);
    }
}
