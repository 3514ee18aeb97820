using System.Net;

namespace PubSec.Dr.Network;

/// <summary>
/// One GET to probe a service. With <see cref="ConnectTo"/> the connection goes to that address on the URL's port
/// while the URL (Host header, TLS SNI and certificate name) keeps its host, as <c>curl --resolve</c> does.
/// <see cref="Timeout"/> bounds the whole exchange: connecting, the answer and its body.
/// </summary>
public sealed record HttpProbeRequest(Uri Url, IPAddress? ConnectTo, TimeSpan Timeout);
