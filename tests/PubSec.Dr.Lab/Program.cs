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
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; host.RequestShutdown(); });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; host.RequestShutdown(); });
    Console.WriteLine($"Lab ready: {EndpointsFile.PathIn(options.DataDirectory)} (admin {host.AdminUri})");
    await host.ShutdownRequested;
    Console.WriteLine("Lab shutting down");
}

return 0;
