using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Rest;

/// <summary>
/// Qdrant's JSON envelopes (§1.2): <c>{"result":…,"status":"ok","time":t}</c>; 202 <c>{"status":"accepted","time":t}</c>
/// with no result; errors <c>{"status":{"error":"…"},"time":t}</c> with no result.
/// </summary>
internal static class Envelope
{
    public static Task Ok(HttpContext context, JsonNode? result) =>
        Write(context, StatusCodes.Status200OK, new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = RequestTimer.Elapsed(context) });

    public static Task Accepted(HttpContext context) =>
        Write(context, StatusCodes.Status202Accepted, new JsonObject { ["status"] = "accepted", ["time"] = RequestTimer.Elapsed(context) });

    public static Task Error(HttpContext context, int status, string message) =>
        Write(context, status, new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = RequestTimer.Elapsed(context) });

    /// <summary>Unwrapped JSON, for GET / which Qdrant answers without an envelope.</summary>
    public static Task Write(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(LabJson.Compact), context.RequestAborted);
    }
}
