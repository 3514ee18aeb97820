using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>
/// The lab as other tools start it: <c>dotnet PubSec.Dr.Lab.dll --data …</c>, ready when endpoints.json
/// appears, same ports and peer ids on restart, clean exit on SIGTERM or POST /lab/shutdown.
/// </summary>
public sealed class ProcessContractTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", "proc-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Restart_keeps_ports_peer_ids_and_data_and_exits_clean_on_sigterm_and_shutdown()
    {
        JsonNode first;
        using (var lab = StartProcess("--nodes", "2", "--api-key", "k"))
        {
            first = await WaitForEndpointsAsync(lab);
            Assert.Equal("k", first["apiKey"]!.GetValue<string>());
            Assert.Equal("1.19.0", first["version"]!.GetValue<string>());
            var node = first["nodes"]![1]!;
            Assert.Equal(1, node["index"]!.GetValue<int>());
            Assert.True(node["running"]!.GetValue<bool>());
            Assert.Equal(Path.Combine(_data, "node-1", "storage"), node["storagePath"]!.GetValue<string>());
            Assert.Equal(Path.Combine(_data, "node-1", "snapshots"), node["snapshotsPath"]!.GetValue<string>());
            using var rest = new QdrantRest(new HttpClient { BaseAddress = new Uri(node["rest"]!.GetValue<string>()) });
            rest.Http.DefaultRequestHeaders.Add("api-key", "k");
            await rest.CreateCollectionAsync("kept");
            await rest.UpsertAsync("kept", 1, 7);

            Assert.Equal(0, Terminate(lab));
            Assert.False(File.Exists(EndpointsPath), "endpoints.json is deleted on exit");
        }

        using (var lab = StartProcess("--api-key", "k"))
        {
            var second = await WaitForEndpointsAsync(lab);
            Assert.Equal(first["admin"]!.ToJsonString(), second["admin"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(Addresses(first), Addresses(second)));
            using var rest = new QdrantRest(new HttpClient { BaseAddress = new Uri(second["nodes"]![0]!["rest"]!.GetValue<string>()) });
            rest.Http.DefaultRequestHeaders.Add("api-key", "k");
            Assert.Equal(7, await rest.CountAsync("kept"));

            using var admin = new HttpClient { BaseAddress = new Uri(second["admin"]!.GetValue<string>()) };
            Assert.Equal(2, JsonNode.Parse(await admin.GetStringAsync("lab/nodes"))!.AsArray().Count);
            (await admin.PostAsync("lab/shutdown", null)).EnsureSuccessStatusCode();
            Assert.True(lab.WaitForExit(15_000));
            Assert.Equal(0, lab.ExitCode);
            Assert.False(File.Exists(EndpointsPath));
        }
    }

    [Fact]
    public async Task A_taken_persisted_port_is_a_clear_startup_failure()
    {
        JsonNode endpoints;
        using (var lab = StartProcess("--nodes", "1"))
        {
            endpoints = await WaitForEndpointsAsync(lab);
            Assert.Equal(0, Terminate(lab));
        }

        var restPort = new Uri(endpoints["nodes"]![0]!["rest"]!.GetValue<string>()).Port;
        using var squatter = new TcpListener(IPAddress.Loopback, restPort);
        squatter.Start();
        using var again = StartProcess();

        Assert.True(again.WaitForExit(30_000));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains(restPort.ToString(System.Globalization.CultureInfo.InvariantCulture), await again.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(EndpointsPath));
    }

    public void Dispose() => LabInstance.TryDelete(_data);

    private string EndpointsPath => Path.Combine(_data, "endpoints.json");

    private Process StartProcess(params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PubSec.Dr.Lab.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "--data", _data }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private async Task<JsonNode> WaitForEndpointsAsync(Process lab)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(EndpointsPath))
        {
            Assert.False(lab.HasExited, $"the lab exited early: {(lab.HasExited ? await lab.StandardError.ReadToEndAsync() : string.Empty)}");
            Assert.True(DateTime.UtcNow < deadline, "endpoints.json did not appear within 30 s");
            await Task.Delay(50);
        }

        return JsonNode.Parse(await File.ReadAllTextAsync(EndpointsPath))!;
    }

    /// <summary>SIGTERM, as the build scripts stop the lab; returns the exit code.</summary>
    private static int Terminate(Process lab)
    {
        using (var kill = Process.Start("kill", ["-TERM", lab.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(lab.WaitForExit(15_000), "the lab did not exit within 15 s of SIGTERM");
        return lab.ExitCode;
    }

    private static JsonArray Addresses(JsonNode endpoints) => new(endpoints["nodes"]!.AsArray()
        .Select(n => (JsonNode)new JsonObject { ["peerId"] = n!["peerId"]!.DeepClone(), ["rest"] = n["rest"]!.DeepClone(), ["grpc"] = n["grpc"]!.DeepClone() })
        .ToArray());
}
