using PubSec.Dr.Operations;

namespace PubSec.Dr.Network;

/// <summary>
/// How long a service may keep the module waiting. Every network call has a deadline, so a server that accepts
/// a connection and never answers ends in an id'd timeout error instead of a hang. Transfers of any size have
/// no total time limit: <see cref="Request"/> bounds the wait for each next piece, not the whole transfer.
/// </summary>
public sealed class NetworkDeadlines
{
    public static readonly TimeSpan DefaultConnect = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultRequest = TimeSpan.FromSeconds(100);

    public NetworkDeadlines(TimeSpan connect, TimeSpan request)
    {
        Connect = DurationRange.Connect.Check("ConnectTimeout", connect);
        Request = DurationRange.Request.Check("RequestTimeout", request);
    }

    /// <summary>Qdrant, object stores and Kubernetes: 10 s to connect, 100 s per request (HttpClient's own default).</summary>
    public static NetworkDeadlines Default { get; } = new(DefaultConnect, DefaultRequest);

    /// <summary>Establishing a connection: TCP connect and the TLS handshake.</summary>
    public TimeSpan Connect { get; }

    /// <summary>
    /// The longest wait for an answer to one request, and during a transfer for the next bytes to move (an
    /// idle deadline, reset by every read or write).
    /// </summary>
    public TimeSpan Request { get; }

    public override string ToString() => $"connect {Connect.TotalSeconds:0.###} s, request {Request.TotalSeconds:0.###} s";
}
