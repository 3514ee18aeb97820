using System.Net;
using System.Runtime.InteropServices;
using PubSec.Dr.Lab.Dns;

LabDnsOptions options;
try { options = LabDnsOptions.Parse(args); }
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Usage: PubSec.Dr.Lab.Dns --moto URL --zone-id ID --zone NAME --port P [--propagation-delay-ms 3000] [--poll-interval-ms 300] [--ready-file PATH]");
    return 2;
}

using var stop = new CancellationTokenSource();
// LabStop sends SIGTERM; stop cleanly so the ready file does not outlive the server.
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
var source = new Route53ZoneSource(http, options.Moto, options.ZoneId, options.Zone);
var host = new LabDnsHost(source, new IPEndPoint(IPAddress.Loopback, options.Port), options.PropagationDelay, options.PollInterval, Console.Error);
var run = host.RunAsync(stop.Token);

await Task.WhenAny(host.Ready, run);
if (host.Ready.IsCompleted && options.ReadyFile is not null)
{
    await File.WriteAllTextAsync(options.ReadyFile, $"127.0.0.1:{options.Port}\n");
    Console.WriteLine($"Serving {options.Zone} on 127.0.0.1:{options.Port} (udp, tcp), propagation delay {options.PropagationDelay.TotalMilliseconds} ms");
}
await run;
if (options.ReadyFile is not null) File.Delete(options.ReadyFile);
return 0;
