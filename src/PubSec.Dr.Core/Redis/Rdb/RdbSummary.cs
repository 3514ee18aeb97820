namespace PubSec.Dr.Redis.Rdb;

/// <summary>What reading an RDB file end to end proved: its format version, length and CRC-64, and the keys it holds.</summary>
/// <param name="Version">The RDB format version from the header ("REDIS0011" is 11).</param>
/// <param name="Bytes">The file's length.</param>
/// <param name="Checksum">The CRC-64 in the trailer; 0 when the server wrote none.</param>
public sealed record RdbSummary(int Version, long Bytes, ulong Checksum)
{
    /// <summary>The key records walked, per database; null when the walk stopped (see <see cref="KeyspaceUnread"/>).</summary>
    public RdbKeyspace? Keyspace { get; init; }

    /// <summary>Why the keys could not be counted (a record type this module does not know); null when they were.</summary>
    public string? KeyspaceUnread { get; init; }

    /// <summary>Keys the file holds, counted record by record; null when they could not be counted.</summary>
    public long? KeyCount => Keyspace?.Keys;

    /// <summary>
    /// False when the file carries no CRC-64: a server with rdbchecksum no writes a zero trailer, and RDB
    /// versions before 5 have none. Such a file cannot be proven intact, only hashed.
    /// </summary>
    public bool HasChecksum => Checksum != 0 && Version >= RdbVerifier.FirstVersionWithChecksum;

    public string? Problem => HasChecksum
        ? null
        : $"The RDB file (version {Version}) carries no CRC-64 (the server has rdbchecksum no, or the format predates checksums), so its content could not be proven intact. Set 'CONFIG SET rdbchecksum yes' on the server.";
}
