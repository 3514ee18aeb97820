using System.Globalization;

namespace PubSec.Dr.Redis.Replication;

/// <summary>One "slaveN:ip=...,port=...,state=online,offset=...,lag=..." line of a primary's INFO replication.</summary>
internal sealed record PrimaryReplicaEntry(string Ip, int Port, string State, long? Offset, long? LagSeconds)
{
    public static IReadOnlyList<PrimaryReplicaEntry> All(RedisServerInfo primary)
    {
        var count = primary.Long("connected_slaves") ?? 0;
        var entries = new List<PrimaryReplicaEntry>();
        for (var i = 0; i < count; i++)
        {
            if (primary.Get($"slave{i}") is { } line && Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public static PrimaryReplicaEntry? Parse(string line)
    {
        var fields = line.Split(',').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("ip", out var ip) || !fields.TryGetValue("port", out var portText)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return new PrimaryReplicaEntry(ip, port, fields.GetValueOrDefault("state") ?? string.Empty, Number(fields, "offset"), Number(fields, "lag"));
    }

    private static long? Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
