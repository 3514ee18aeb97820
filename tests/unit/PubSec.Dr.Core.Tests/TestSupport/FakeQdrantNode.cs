using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// The snapshot endpoints of one Qdrant node (list, create with wait=false, delete), served on a loopback port with
/// the node's Date header, so the snapshot poller and the cleanup of dead runs are tested over HTTP as they run.
/// The test decides what a create makes appear, and when.
/// </summary>
internal sealed class FakeQdrantNode : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Name, long Size, string? CreationTime)> _snapshots = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeQdrantNode(string collection, ulong peerId)
    {
        Collection = collection;
        PeerId = peerId;
        var port = MotoServer.FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.AbsoluteUri);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public string Collection { get; }

    public ulong PeerId { get; }

    /// <summary>Runs on every create call (POST .../snapshots?wait=false).</summary>
    public Action? OnCreate { get; set; }

    public List<string> Deleted { get; } = [];

    /// <summary>A snapshot name as Qdrant gives it: collection, peer id and the UTC second it began.</summary>
    public string NameAt(DateTime began) =>
        $"{Collection}-{PeerId}-{began.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}.snapshot";

    public void Add(string name, long size = 1000)
    {
        lock (_snapshots)
        {
            _snapshots.Add((name, size, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>What a second create in the same second does: the file under that name is replaced.</summary>
    public void Replace(string name, long size)
    {
        lock (_snapshots)
        {
            _snapshots.RemoveAll(s => s.Name == name);
        }

        Add(name, size);
    }

    public IReadOnlyList<string> Names()
    {
        lock (_snapshots)
        {
            return _snapshots.Select(s => s.Name).ToList();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception ex)
            {
                Reply(context, 500, new { status = new { error = ex.Message } });
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var snapshots = $"/collections/{Uri.EscapeDataString(Collection)}/snapshots";
        if (context.Request.HttpMethod == "GET" && path == snapshots)
        {
            lock (_snapshots)
            {
                Reply(context, 200, new { result = _snapshots.Select(s => new { name = s.Name, creation_time = s.CreationTime, size = s.Size }).ToArray(), status = "ok", time = 0.001 });
            }
        }
        else if (context.Request.HttpMethod == "POST" && path == snapshots)
        {
            OnCreate?.Invoke();
            Reply(context, 202, new { status = "accepted", time = 0.001 });
        }
        else if (context.Request.HttpMethod == "DELETE" && path.StartsWith(snapshots + "/", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(path[(snapshots.Length + 1)..]);
            lock (_snapshots)
            {
                Deleted.Add(name);
                if (_snapshots.RemoveAll(s => s.Name == name) == 0)
                {
                    Reply(context, 404, new { status = new { error = $"Not found: Snapshot {name} not found" }, time = 0.001 });
                    return;
                }
            }

            Reply(context, 200, new { result = true, status = "ok", time = 0.001 });
        }
        else
        {
            Reply(context, 404, new { status = new { error = $"Not found: {path}" } });
        }
    }

    private static void Reply(HttpListenerContext context, int status, object body)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Date"] = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }
}
