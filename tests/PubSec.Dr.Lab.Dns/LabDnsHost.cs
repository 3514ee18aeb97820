using System.Net;
using ARSoft.Tools.Net.Dns;

namespace PubSec.Dr.Lab.Dns;

/// <summary>
/// Runs the server: polls the zone source, feeds the propagation delay, and answers UDP and TCP queries on one
/// loopback port. <see cref="Ready"/> completes once the server answers from the first published state.
/// </summary>
internal sealed class LabDnsHost(IZoneSource source, IPEndPoint endPoint, TimeSpan propagationDelay, TimeSpan pollInterval, TextWriter log)
{
    private readonly PropagatingZone _zone = new(propagationDelay);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Socket timeouts in milliseconds; TCP keeps idle connections 2 min as dig and resolvers expect.
        var server = new DnsServer(new UdpServerTransport(endPoint, 5000), new TcpServerTransport(endPoint, 5000, 120000));
        server.QueryReceived += (_, e) =>
        {
            if (e.Query is DnsMessage query) e.Response = ZoneResponder.Answer(query, _zone.Current(DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        };
        server.ExceptionThrown += (_, e) => { log.WriteLine($"dns server error: {e.Exception.Message}"); return Task.CompletedTask; };
        server.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await PollOnceAsync(cancellationToken);
                try { await Task.Delay(pollInterval, cancellationToken); } catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            server.Stop();
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await source.ReadAsync(cancellationToken);
            _zone.Observe(snapshot, DateTimeOffset.UtcNow);
            _ready.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Xml.XmlException or TaskCanceledException or FormatException)
        {
            // Route53 unreachable for a moment: keep answering from what was published, as real name servers do.
            log.WriteLine($"zone poll failed: {ex.Message}");
        }
    }
}
