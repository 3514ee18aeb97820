using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>?watch=true</c> on a list URL (reference §2.6): a chunked 200 of newline-delimited
/// <c>{"type":"ADDED|MODIFIED|DELETED|ERROR","object":{…}}</c>. Without a resourceVersion (or with "0") the
/// current matching objects come first as ADDED; with one, changes after it are replayed from the store's
/// history, or an ERROR 410 Expired when it is older than that. An object that starts or stops matching the
/// selectors arrives as ADDED or DELETED. The stream ends after <c>timeoutSeconds</c> (default 30 min).
/// </summary>
internal static class WatchStream
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(HttpContext context, KubeStore store, ResourceType type, string? ns, ListQuery query, CancellationToken shutdown)
    {
        var events = Channel.CreateUnbounded<JsonObject>();
        long after;
        IDisposable subscription;
        var requested = query.ResourceVersion;
        if (requested is null or "0")
        {
            var (items, version) = store.List(type, ns);
            foreach (var item in items.Where(o => Matches(o, ns, query)))
            {
                events.Writer.TryWrite(Event("ADDED", item));
            }

            after = version;
        }
        else if (!long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw KubeErrors.BadRequest($"invalid resource version: {requested}");
        }
        else if (after < store.OldestWatchable)
        {
            events.Writer.TryWrite(Event("ERROR", KubeErrors.Expired($"too old resource version: {after} ({store.OldestWatchable + 1})").Status));
            events.Writer.TryComplete();
        }

        subscription = store.Subscribe(after, change =>
        {
            if (change.Type != type)
            {
                return;
            }

            var now = change.EventType != "DELETED" && Matches(change.Object, ns, query);
            var before = change.Previous is { } previous && Matches(previous, ns, query);
            var eventType = (before, now, change.EventType) switch
            {
                (_, _, "DELETED") when before => "DELETED",
                (false, true, _) => "ADDED",
                (true, true, _) => "MODIFIED",
                (true, false, _) => "DELETED",
                _ => null,
            };
            if (eventType is not null)
            {
                events.Writer.TryWrite(Event(eventType, change.Object));
            }
        });

        using (subscription)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(query.Timeout ?? DefaultTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted, shutdown);
            try
            {
                await foreach (var item in events.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
                {
                    await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(item.ToJsonString(Rest.LabJson.Compact) + "\n"), linked.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout, client gone or lab stopping: the watch simply ends, as the apiserver closes it.
            }
        }
    }

    private static bool Matches(JsonObject obj, string? ns, ListQuery query) =>
        (ns is null || obj.Namespace() == ns) && query.Labels.Matches(obj.Labels()) && query.Fields.Matches(obj);

    private static JsonObject Event(string type, JsonObject obj) => new() { ["type"] = type, ["object"] = obj.DeepClone() };
}
