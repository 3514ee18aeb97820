using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Measures each request so envelopes carry Qdrant's `time` (float seconds).</summary>
internal static class RequestTimer
{
    private const string Key = "lab.started";

    public static void Start(HttpContext context) => context.Items[Key] = Stopwatch.GetTimestamp();

    public static double Elapsed(HttpContext context) =>
        context.Items.TryGetValue(Key, out var started) && started is long timestamp
            ? Stopwatch.GetElapsedTime(timestamp).TotalSeconds
            : 0.0;
}
