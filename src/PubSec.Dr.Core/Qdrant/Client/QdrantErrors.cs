using System.Net;
using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>Maps Qdrant's HTTP/gRPC failures onto stable error ids with an action for the operator.</summary>
internal static class QdrantErrors
{
    public static DrException FromStatus(string node, HttpStatusCode status, string text, string? collection) => status switch
    {
        HttpStatusCode.Unauthorized => new(ErrorIds.QdrantAuthenticationFailed, DrErrorCategory.AuthenticationError,
            $"Qdrant at {node} refused the request: {text}", "Pass the cluster's API key with -ApiKey (a SecureString).", node),
        HttpStatusCode.Forbidden => new(ErrorIds.QdrantPermissionDenied, DrErrorCategory.PermissionDenied,
            $"Qdrant at {node} denied the request: {text}", "Use a read-write (manage) API key; a read-only key cannot create snapshots.", node),
        HttpStatusCode.NotFound when collection is not null && text.Contains("Collection", StringComparison.Ordinal) =>
            CollectionNotFound(node, collection, text),
        HttpStatusCode.NotFound => new(ErrorIds.QdrantSnapshotNotFound, DrErrorCategory.ObjectNotFound,
            $"Qdrant at {node} answered 404: {text}", "The snapshot may have been deleted on the node; run the backup again.", node),
        _ => new(ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult,
            $"Qdrant at {node} answered {(int)status} {status}: {text}", "Check the node's log and health (GET /readyz), then retry.", node),
    };

    public static DrException CollectionNotFound(string node, string collection, string text) => new(
        ErrorIds.QdrantCollectionNotFound, DrErrorCategory.ObjectNotFound,
        $"The collection '{collection}' does not exist on {node}: {text}",
        "Check the name with Get-DrBackup or the Qdrant collections list; names are case-sensitive.", collection);

    /// <summary>Two of the given node URIs answered as one peer: a load balancer or Service address was given.</summary>
    public static DrException SamePeer(string node, string otherNode, ulong peerId) => new(
        ErrorIds.QdrantNodeMismatch, DrErrorCategory.InvalidArgument,
        $"{node} and {otherNode} are the same Qdrant peer ({peerId}).",
        "Give each node's own address (e.g. the StatefulSet pod DNS names), not a load balancer or Service address: snapshots and recoveries are per node.",
        node);

    public static DrException Unreachable(string node, Exception inner) => new(
        ErrorIds.QdrantUnreachable, DrErrorCategory.ConnectionError,
        $"Qdrant at {node} cannot be reached: {inner.Message}",
        "Check the URI, that the node is running, and network access (a port-forward or VPN may be needed).", node, inner);

    public static DrException Timeout(string node, string path, TimeSpan after, Exception inner) => new(
        ErrorIds.QdrantTimeout, DrErrorCategory.OperationTimeout,
        $"Qdrant at {node} did not answer '{path}' within {Seconds(after)} s.",
        "Check the node's load and health (GET /readyz) and the network path; raise -RequestTimeout if the node is only slow.", node, inner);

    public static DrException ConnectTimeout(string node, TimeSpan after, Exception inner) => new(
        ErrorIds.QdrantTimeout, DrErrorCategory.OperationTimeout,
        $"No connection to Qdrant at {node} within {Seconds(after)} s.",
        "Check the URI and port, that the node runs, and the network path (firewall, port-forward, VPN); raise -ConnectTimeout for a slow link.", node, inner);

    /// <summary>A deadline of the REST or gRPC client ran out while it was doing something longer than one request.</summary>
    public static DrException Timeout(string node, Network.DeadlineExceededException deadline) => new(
        ErrorIds.QdrantTimeout, DrErrorCategory.OperationTimeout,
        $"Qdrant at {node} sent nothing for {Seconds(deadline.Timeout)} s while {deadline.Doing}.",
        "Check the node's load, disk and health (GET /readyz) and the network path, then run the command again; raise -RequestTimeout if the node is only slow.",
        node, deadline);

    public static DrException UriInvalid(string parameter, string value, string why, string? suggestion) => new(
        ErrorIds.QdrantUriInvalid, DrErrorCategory.InvalidArgument,
        $"The {parameter} value '{value}' cannot be used: {why}.",
        suggestion is null
            ? $"Give {parameter} as http://host:port or https://host:port, for example http://qdrant-0.qdrant-headless:6333."
            : $"Write it with its scheme, for example {suggestion}.",
        value);

    /// <summary>The gRPC endpoint does not answer; says where the URI came from and how to give the right one.</summary>
    public static DrException GrpcUnreachable(string endpoint, bool derived, string parameter, string why, Exception inner) => new(
        ErrorIds.QdrantGrpcUnreachable, DrErrorCategory.ConnectionError,
        derived
            ? $"Qdrant gRPC at {endpoint} cannot be reached ({why}). No {parameter} was given, so the first node's host with Qdrant's default gRPC port {QdrantConnection.DefaultGrpcPort} was assumed."
            : $"Qdrant gRPC at {endpoint} ({parameter}) cannot be reached ({why}).",
        derived
            ? $"Give {parameter} with the address of a node's gRPC port (6334 in the pod; behind a port-forward or proxy, the local port that leads to it)."
            : $"Check {parameter}: it must be a node's gRPC port (6334 in the pod), not its REST port; check that the node runs and the network path.",
        endpoint, inner);

    public static DrException GrpcTimeout(string endpoint, TimeSpan after, bool connecting, bool derived, string parameter, Exception inner) => new(
        ErrorIds.QdrantTimeout, DrErrorCategory.OperationTimeout,
        (connecting ? $"No connection to Qdrant gRPC at {endpoint} within {Seconds(after)} s." : $"Qdrant gRPC at {endpoint} did not answer within {Seconds(after)} s.")
        + (derived ? $" No {parameter} was given, so the first node's host with Qdrant's default gRPC port {QdrantConnection.DefaultGrpcPort} was assumed." : string.Empty),
        $"Check {parameter} (a node's gRPC port, 6334 in the pod; behind a port-forward the local port that leads to it), that the node runs and the network path; "
        + (connecting ? "raise -ConnectTimeout for a slow link." : "raise -RequestTimeout if the node is only slow."),
        endpoint, inner);

    private static string Seconds(TimeSpan after) => Network.DeadlineExceededException.Seconds(after);

    public static DrException Unexpected(string node, string path, Exception inner) => new(
        ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult,
        $"Qdrant at {node} sent a response to '{path}' this module cannot read: {inner.Message}",
        "Check that the URI points at a Qdrant REST port (6333 by default) and that its version is supported.", node, inner);

    /// <summary>Qdrant errors are JSON envelopes ({"status":{"error":...}}) or plain text (401); accept both.</summary>
    public static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 500 ? body[..500] : body;
    }
}
