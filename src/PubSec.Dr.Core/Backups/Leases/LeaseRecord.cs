using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PubSec.Dr.Backups.Leases;

/// <summary>Whether a lease object says "I am writing this backup" or "I am deleting this backup".</summary>
public enum LeaseKind
{
    Writer,
    Deletion,
}

/// <summary>A Qdrant server snapshot a backup run created, recorded so the next run can remove it if this one dies.</summary>
public sealed record LeasedServerSnapshot(ulong PeerId, string NodeUri, string Collection, string Name);

/// <summary>
/// The content of one lease object: who holds it (operation, host, process, a random token), since when, and
/// until when. camelCase JSON like the manifest, so an operator can read it with any tool.
/// </summary>
public sealed class LeaseRecord
{
    public int SchemaVersion { get; set; } = 1;

    public LeaseKind Kind { get; set; }

    /// <summary>backup, copy, retention or cleanup.</summary>
    public string Operation { get; set; } = string.Empty;

    /// <summary>The collection or Redis name.</summary>
    public string Source { get; set; } = string.Empty;

    public string BackupId { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    /// <summary>Linux pid namespace of the holder (e.g. "pid:[4026531836]"): containers of one pod share a host name, not pids.</summary>
    public string? PidNamespace { get; set; }

    public int ProcessId { get; set; }

    public DateTime? ProcessStartedAt { get; set; }

    public string Token { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }

    public DateTime RenewedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public int DurationSeconds { get; set; }

    public List<LeasedServerSnapshot> ServerSnapshots { get; set; } = [];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Operation} of '{Source}' ({BackupId}) by process {ProcessId} on {Host}, started {StartedAt:yyyy-MM-dd HH:mm:ss}Z, renewed {RenewedAt:yyyy-MM-dd HH:mm:ss}Z, expires {ExpiresAt:yyyy-MM-dd HH:mm:ss}Z");

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>Null when the bytes are not a lease this module wrote (the caller then judges by the object's age alone).</summary>
    public static async Task<LeaseRecord?> TryDeserializeAsync(Stream stream, CancellationToken ct)
    {
        try
        {
            var record = await JsonSerializer.DeserializeAsync<LeaseRecord>(stream, Options, ct).ConfigureAwait(false);
            return record is { SchemaVersion: 1 } && record.Token.Length > 0 ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
