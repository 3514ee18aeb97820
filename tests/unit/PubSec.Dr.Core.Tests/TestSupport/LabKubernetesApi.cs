using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// The lab's Kubernetes API emulator (tests/PubSec.Dr.Lab, built with the solution) in its own process with one
/// Qdrant node and a temporary data folder, for one test class; killed and removed on dispose. Required, not
/// optional: without it the TLS, certificate, exec and in-cluster paths would go untested.
/// </summary>
public sealed class LabKubernetesApi : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private Process? _process;

    public Uri Api { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = null!;

    public string Namespace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var endpoints = Path.Combine(_data.Path, "endpoints.json");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { LabDll(), "--data", _data.Path, "--nodes", "1", "--pod-startup-ms", "50", "--pod-termination-ms", "50" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("The lab did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(endpoints))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The lab did not report its endpoints (exited: {_process.HasExited}).");
            }

            await Task.Delay(100);
        }

        var kubernetes = JsonNode.Parse(await File.ReadAllTextAsync(endpoints))!["kubernetes"]!;
        Api = new Uri(kubernetes["api"]!.GetValue<string>());
        KubeconfigPath = kubernetes["kubeconfig"]!.GetValue<string>();
        Namespace = kubernetes["namespace"]!.GetValue<string>();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static string LabDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PubSec.Dr.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = dir is null ? null : Path.Combine(dir.FullName, "out", "bin", "PubSec.Dr.Lab", configuration, "net10.0", "PubSec.Dr.Lab.dll");
        return dll is not null && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"The lab is not built ({dll}); build the solution (dotnet build PubSec.Dr.sln -c {configuration}).");
    }
}
