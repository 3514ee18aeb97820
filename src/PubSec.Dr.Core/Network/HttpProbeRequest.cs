using System.Net;

namespace PubSec.Dr.Network;

/// <summary>
/// One GET to probe a service. With <see cref="ConnectTo"/> the connection goes to that address on the URL's port
/// while the URL (Host header, TLS SNI and certificate name) keeps its host, as <c>curl --resolve</c> does.
/// <see cref="Timeout"/> bounds the whole exchange: connecting, the answer and its body. <see cref="Headers"/> are sent
/// with the GET (an API key, for the drill's secret rotation); they may hold a credential, so the record's text never
/// shows them.
/// </summary>
public sealed record HttpProbeRequest(Uri Url, IPAddress? ConnectTo, TimeSpan Timeout, IReadOnlyDictionary<string, string>? Headers = null)
{
    public override string ToString() => $"GET {Url}{(ConnectTo is null ? string.Empty : $" via {ConnectTo}")} within {Timeout.TotalSeconds:0.###} s";
}
