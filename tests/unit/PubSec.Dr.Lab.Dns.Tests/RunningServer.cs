using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace PubSec.Dr.Lab.Dns.Tests;

/// <summary>The server on a free loopback port (UDP and TCP), stopped on dispose, with DnsClient clients for it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private RunningServer(LabDnsHost host, int port)
    {
        Port = port;
        _run = host.RunAsync(_stop.Token);
    }

    public int Port { get; }

    public static async Task<RunningServer> StartAsync(IZoneSource source, TimeSpan delay)
    {
        var port = FreeUdpAndTcpPort();
        var host = new LabDnsHost(source, new IPEndPoint(IPAddress.Loopback, port), delay, TimeSpan.FromMilliseconds(100), TextWriter.Null);
        var server = new RunningServer(host, port);
        await host.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    public LookupClient Client(bool tcp = false) => new(new LookupClientOptions(new NameServer(IPAddress.Loopback, Port))
    {
        UseCache = false,
        UseTcpOnly = tcp,
        Retries = 1,
        Timeout = TimeSpan.FromSeconds(3),
        // The answer code is what the tests look at: no exception, no second server to move on to.
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private static int FreeUdpAndTcpPort()
    {
        for (var i = 0; i < 50; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("No loopback port free for both UDP and TCP.");
    }
}
