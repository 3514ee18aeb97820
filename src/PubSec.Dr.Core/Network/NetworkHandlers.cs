namespace PubSec.Dr.Network;

/// <summary>HTTP handlers whose connection attempts (TCP and TLS) give up after the connect deadline.</summary>
internal static class NetworkHandlers
{
    /// <summary>HttpClient's default handler, except that establishing a connection has a deadline (its own default: none).</summary>
    public static SocketsHttpHandler Create(NetworkDeadlines deadlines) => new() { ConnectTimeout = deadlines.Connect };
}
