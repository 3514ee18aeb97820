using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Hosting;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The application stub's listener on <c>address:port</c>. It is open only while the Deployment <c>api</c> has a ready
/// replica and the admin API has not stopped it: otherwise the port refuses connections, as a load balancer in front of
/// a Service without endpoints does. A loop re-checks the Deployment every 100 ms; admin stop/start act at once.
/// </summary>
internal sealed class AppServer : IAsyncDisposable
{
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly AppOptions _options;
    private readonly RegionQdrant _qdrant;
    private readonly Func<bool> _apiReady;
    private readonly ApiKeyGate _keys;
    private WebApplication? _app;
    private bool _stoppedByAdmin;
    private Task? _loop;

    /// <param name="kubernetes">The region's emulated cluster as it is now (null while the region is down): the API keys live in its Secrets.</param>
    public AppServer(AppOptions options, LabCluster cluster, Func<bool> apiReady, Func<KubeStore?> kubernetes)
    {
        _options = options;
        _qdrant = new RegionQdrant(cluster);
        _apiReady = apiReady;
        _keys = new ApiKeyGate(kubernetes);
    }

    public AppOptions Options => _options;

    public bool IsListening => _app is not null;

    /// <summary>Opens the listener when it should be open (a taken port fails the lab's start), then keeps following the Deployment.</summary>
    public async Task StartAsync()
    {
        await ReconcileAsync(throwOnBindFailure: true).ConfigureAwait(false);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>POST /lab/app/stop: closes the port until /lab/app/start, whatever the Deployment says.</summary>
    public async Task<JsonObject> StopByAdminAsync()
    {
        _stoppedByAdmin = true;
        await ReconcileAsync(throwOnBindFailure: false).ConfigureAwait(false);
        return Status();
    }

    /// <summary>POST /lab/app/start: the port opens again if the Deployment has a ready replica.</summary>
    public async Task<JsonObject> StartByAdminAsync()
    {
        _stoppedByAdmin = false;
        await ReconcileAsync(throwOnBindFailure: true).ConfigureAwait(false);
        return Status();
    }

    public JsonObject Status() => new()
    {
        ["region"] = _options.Region,
        ["baseUrl"] = _options.BaseUrl,
        ["listening"] = IsListening,
        ["stoppedByAdmin"] = _stoppedByAdmin,
        ["apiReady"] = _apiReady(),
    };

    /// <summary>The <c>application</c> entry of endpoints.json.</summary>
    public JsonObject Endpoints => new()
    {
        ["region"] = _options.Region,
        ["address"] = _options.Address,
        ["port"] = _options.Port,
        ["baseUrl"] = _options.BaseUrl,
    };

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        _qdrant.Dispose();
        _shutdown.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(CheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
            {
                await ReconcileAsync(throwOnBindFailure: false).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Lab shutdown.
        }
    }

    private async Task ReconcileAsync(bool throwOnBindFailure)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var wanted = !_stoppedByAdmin && _apiReady();
            if (wanted && _app is null)
            {
                try
                {
                    _app = await OpenAsync().ConfigureAwait(false);
                }
                catch (LabStartupException ex) when (!throwOnBindFailure)
                {
                    // Someone else holds the port for now; the next pass tries again.
                    Console.Error.WriteLine(ex.Message);
                }
            }
            else if (!wanted && _app is not null)
            {
                await CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<WebApplication> OpenAsync()
    {
        var builder = KestrelApps.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
            KestrelApps.Listen(kestrel, IPAddress.Parse(_options.Address), _options.Port, HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        new AppRoutes(_options, _qdrant, _keys).Map(app);
        await KestrelApps.StartAsync(app, $"the {_options.Region} application stub ({_options.BaseUrl})").ConfigureAwait(false);
        return app;
    }

    private async Task CloseAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
