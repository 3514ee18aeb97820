using System.Runtime.InteropServices;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Hosting;

// The lab process: parse the command line, start every listener, write endpoints.json, run until
// POST /lab/shutdown, SIGTERM or Ctrl+C, then close the listeners and delete endpoints.json.
// Exit codes: 0 clean exit, 2 could not start (bad arguments, taken port, mismatched data folder).
LabOptions options;
try
{
    options = LabArguments.Parse(args);
}
catch (LabStartupException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

// The handlers are registered before the listeners start: endpoints.json (the ready signal) is written
// during StartAsync, and a SIGTERM that came right after it must still be a clean exit, not the
// runtime's default (exit code 143). A signal during start-up takes effect once the start finished.
using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });

LabHost host;
try
{
    host = await LabHost.StartAsync(options);
}
catch (LabStartupException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using (host)
{
    using var onStop = stop.Token.Register(host.RequestShutdown);
    Console.WriteLine($"Lab ready: {EndpointsFile.PathIn(options.DataDirectory)} (admin {host.AdminUri})");
    await host.ShutdownRequested;
    Console.WriteLine("Lab shutting down");
}

return 0;
