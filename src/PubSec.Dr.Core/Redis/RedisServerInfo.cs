using System.Globalization;

namespace PubSec.Dr.Redis;

/// <summary>The fields of INFO a backup, a restore and a replication check need, plus all others by name.</summary>
public sealed class RedisServerInfo
{
    private RedisServerInfo(IReadOnlyDictionary<string, string> fields) => Fields = fields;

    public IReadOnlyDictionary<string, string> Fields { get; }

    public string Version => Get("redis_version") ?? string.Empty;

    /// <summary>master or slave, as INFO replication says.</summary>
    public string Role => Get("role") ?? string.Empty;

    public long? MasterReplOffset => Long("master_repl_offset");

    public string? Get(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    public long? Long(string name) =>
        long.TryParse(Get(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Keys over all databases, from the keyspace section ("db0:keys=12,expires=3,avg_ttl=0").</summary>
    public long KeyCount => Fields.Where(f => f.Key.StartsWith("db", StringComparison.Ordinal) && f.Key[2..].All(char.IsAsciiDigit))
        .Sum(f => f.Value.Split(',').Select(p => p.Split('=')).Where(p => p.Length == 2 && p[0] == "keys")
            .Select(p => long.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Sum());

    public static RedisServerInfo Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            var colon = trimmed.IndexOf(':');
            if (trimmed.Length == 0 || trimmed[0] == '#' || colon <= 0)
            {
                continue;
            }

            fields[trimmed[..colon]] = trimmed[(colon + 1)..];
        }

        return new RedisServerInfo(fields);
    }
}
