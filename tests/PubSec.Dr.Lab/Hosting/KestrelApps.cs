using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>What every listener of the lab shares: loopback only, no body size cap (snapshot uploads are GBs), quiet logs.</summary>
internal static class KestrelApps
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // No body size limit and no minimum body data rate, as Qdrant's actix-web server: a restore may hold an upload's
        // last bytes back for minutes while another node recovers, and Qdrant waits for them.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
        });
        return builder;
    }

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 = a free port, see <see cref="StablePorts"/>) and hands back the options so the bound port can be read after start.</summary>
    public static ListenOptions? Listen(KestrelServerOptions kestrel, int port, HttpProtocols protocols, Action<ListenOptions>? configure = null) =>
        Listen(kestrel, IPAddress.Loopback, port, protocols, configure);

    /// <summary>Binds another loopback address, e.g. 127.0.0.2 for a region's application stub (its own "public" IP).</summary>
    public static ListenOptions? Listen(KestrelServerOptions kestrel, IPAddress address, int port, HttpProtocols protocols, Action<ListenOptions>? configure = null)
    {
        ListenOptions? bound = null;
        kestrel.Listen(address, port == 0 ? StablePorts.Pick(address) : port, listen =>
        {
            listen.Protocols = protocols;
            configure?.Invoke(listen);
            bound = listen;
        });
        return bound;
    }

    /// <summary>Starts the app; a taken port becomes a clear startup error instead of a stack trace.</summary>
    public static async Task StartAsync(WebApplication app, string what)
    {
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or AddressInUseException || ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new LabStartupException($"Cannot listen for {what}: {ex.Message} Another process holds the port; stop it or use another --data folder.", ex);
        }
    }

    public static int BoundPort(ListenOptions? listen) => listen?.IPEndPoint?.Port ?? throw new InvalidOperationException("listener was not bound");
}
