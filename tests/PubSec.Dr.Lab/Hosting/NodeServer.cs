using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Auth;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Grpc;
using PubSec.Dr.Lab.Rest;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// One node's listeners: REST (HTTP/1.1) and gRPC (HTTP/2 cleartext) on two ports of one Kestrel app, both
/// front ends over the same engine services. Stopping closes both ports; starting rebinds the same ones.
/// </summary>
internal sealed class NodeServer(LabCluster cluster, LabNode node, ApiKeyPolicy policy)
{
    private WebApplication? _app;

    public bool IsRunning => _app is not null;

    /// <summary>Binds the given ports (0 = free ones) and returns the ports actually bound.</summary>
    public async Task<(int RestPort, int GrpcPort)> StartAsync(int restPort, int grpcPort)
    {
        var builder = KestrelApps.CreateBuilder();
        ListenOptions? rest = null, grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            rest = KestrelApps.Listen(kestrel, restPort, HttpProtocols.Http1);
            grpc = KestrelApps.Listen(kestrel, grpcPort, HttpProtocols.Http2);
        });
        builder.Services.AddRouting();
        builder.Services.AddSingleton(cluster).AddSingleton(node).AddSingleton(policy)
            .AddSingleton<CollectionService>().AddSingleton<PointService>().AddSingleton<SnapshotService>().AddSingleton<FullSnapshotService>().AddSingleton<RecoveryService>()
            .AddSingleton<RestAuth>().AddSingleton<RestErrors>().AddSingleton<GrpcRouter>();

        var app = builder.Build();
        var router = app.Services.GetRequiredService<GrpcRouter>();
        GrpcHealthService.Register(router, cluster);
        GrpcCollectionsService.Register(router, app.Services.GetRequiredService<CollectionService>());
        GrpcPointsService.Register(router, app.Services.GetRequiredService<PointService>(), app.Services.GetRequiredService<CollectionService>());
        GrpcSnapshotsService.Register(router, app.Services.GetRequiredService<SnapshotService>(), app.Services.GetRequiredService<FullSnapshotService>());

        // The REST port speaks only HTTP/1.1, so any HTTP/2 request arrived on the gRPC port.
        app.Use((context, next) => HttpProtocol.IsHttp2(context.Request.Protocol) ? router.InvokeAsync(context) : next(context));
        var errors = app.Services.GetRequiredService<RestErrors>();
        var auth = app.Services.GetRequiredService<RestAuth>();
        app.Use(errors.InvokeAsync);
        app.Use(auth.InvokeAsync);
        app.UseRouting();
        ServiceRoutes.Map(app);
        ClusterRoutes.Map(app);
        CollectionRoutes.Map(app);
        PointRoutes.Map(app);
        SnapshotRoutes.Map(app);
        FullSnapshotRoutes.Map(app);

        await KestrelApps.StartAsync(app, $"node {node.Index} (REST port {restPort}, gRPC port {grpcPort})").ConfigureAwait(false);
        _app = app;
        node.Running = true;
        return (KestrelApps.BoundPort(rest), KestrelApps.BoundPort(grpc));
    }

    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        node.Running = false;
        _app = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            app.Services.GetRequiredService<ILogger<NodeServer>>().LogWarning("Node {Node} did not drain its requests in 2 s", node.Index);
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }
}
