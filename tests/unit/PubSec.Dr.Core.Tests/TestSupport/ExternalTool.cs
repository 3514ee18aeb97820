using System.Diagnostics;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>Runs a real tool (openssl) as an operator would, for the interop tests: its exit code and what it wrote to stderr.</summary>
internal static class ExternalTool
{
    public static async Task<(int Exit, string Errors)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await errors);
    }
}
