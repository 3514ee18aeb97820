using System.Net;
using System.Net.Sockets;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// A free port for a listener the lab persists and binds again after a restart (a node's ports, the admin API, a
/// region coming back from an outage). A port the kernel hands out for "any port" is an ephemeral one, and while the
/// lab is down any process's outgoing connection may take it as its local port, so the restart finds it in use. Ports
/// below the kernel's ephemeral range are never handed out that way; one is picked at random there and checked free.
/// </summary>
internal static class StablePorts
{
    private const int Lowest = 10000;
    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>A free port on <paramref name="address"/> below the ephemeral range, or 0 (let the kernel pick) where there is none.</summary>
    public static int Pick(IPAddress address)
    {
        var ephemeralStart = EphemeralStart();
        if (ephemeralStart - Lowest < 1000)
        {
            return 0;
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(Lowest, ephemeralStart);
            if (IsFree(address, port))
            {
                return port;
            }
        }

        return 0;
    }

    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: the IANA dynamic range starts at 49152 (Windows, macOS).
            return 49152;
        }
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
