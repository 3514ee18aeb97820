using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// A private Azurite blob server for one test class: its own free port and temp data folder, killed (by its own
/// process id) on dispose. Azurite comes from out/tools/npm; when missing it is installed there, and when that
/// fails the fixture fails with the command to run: these tests never skip.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    public const string AzuriteVersion = "3.37.0";
    public const string Account = "devstoreaccount1";

    // Azurite's published, well-known development key; not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private string? _dataPath;

    public int Port { get; private set; }

    /// <summary>Path-style blob endpoint, e.g. http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/{Account}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint={Endpoint};";

    public BlobServiceClient Service => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var toolDir = Path.Combine(RepoPaths.Root(), "out", "tools", "npm");
        var executable = Path.Combine(toolDir, "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            await InstallAsync(toolDir).ConfigureAwait(false);
        }

        _dataPath = Path.Combine(Path.GetTempPath(), "pubsecdr-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataPath);
        Port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Azure.Storage.Blobs 12.30.1 speaks API 2026-10-06; Azurite 3.37.0 knows up to 2026-06-06 and would refuse it.
            "--location", _dataPath, "--silent", "--disableTelemetry", "--skipApiVersionCheck",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync().ConfigureAwait(false);
    }

    public async Task<BlobContainerClient> CreateContainerAsync(string name)
    {
        var container = Service.GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync().ConfigureAwait(false);
        return container;
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
        if (_dataPath is not null && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        _dataPath = null;

        return Task.CompletedTask;
    }

    /// <summary>A port nobody listens on, for unreachable-endpoint tests.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"azurite-blob exited with code {_process.ExitCode} before listening on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static async Task InstallAsync(string toolDir)
    {
        var command = $"npm install --prefix {toolDir} --no-audit --no-fund azurite@{AzuriteVersion}";
        try
        {
            var start = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "install", "--prefix", toolDir, "--no-audit", "--no-fund", $"azurite@{AzuriteVersion}" })
            {
                start.ArgumentList.Add(argument);
            }

            using var npm = Process.Start(start)!;
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await npm.WaitForExitAsync().ConfigureAwait(false);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm exited with {npm.ExitCode}: {await errors.ConfigureAwait(false)}");
            }
        }
        catch (Exception ex) when (ex is not InvalidOperationException || ex.Message.StartsWith("npm exited", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Azurite is missing and could not be installed. Run: {command}", ex);
        }
    }
}
