namespace PubSec.Dr.Redis.Rdb;

/// <summary>What reading an RDB file end to end proved: its format version, length and CRC-64.</summary>
/// <param name="Version">The RDB format version from the header ("REDIS0011" is 11).</param>
/// <param name="Bytes">The file's length.</param>
/// <param name="Checksum">The CRC-64 in the trailer; 0 when the server wrote none.</param>
public sealed record RdbSummary(int Version, long Bytes, ulong Checksum)
{
    /// <summary>
    /// False when the file carries no CRC-64: a server with rdbchecksum no writes a zero trailer, and RDB
    /// versions before 5 have none. Such a file cannot be proven intact, only hashed.
    /// </summary>
    public bool HasChecksum => Checksum != 0 && Version >= RdbVerifier.FirstVersionWithChecksum;

    public string? Problem => HasChecksum
        ? null
        : $"The RDB file (version {Version}) carries no CRC-64 (the server has rdbchecksum no, or the format predates checksums), so its content could not be proven intact. Set 'CONFIG SET rdbchecksum yes' on the server.";
}
