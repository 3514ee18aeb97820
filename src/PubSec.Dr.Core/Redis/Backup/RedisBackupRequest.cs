using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Leases;

namespace PubSec.Dr.Redis.Backup;

/// <summary>What New-RedisBackup asks for: the server, the format, the fallback format, which keys and how to sign.</summary>
public sealed class RedisBackupRequest
{
    public required RedisEndpoint Endpoint { get; init; }

    public required RedisBackupMode Mode { get; init; }

    /// <summary>Logical with Mode Rdb: a server that refuses to serve its RDB is backed up key by key instead.</summary>
    public RedisBackupMode? Fallback { get; init; }

    /// <summary>Only keys matching this glob (logical backups only).</summary>
    public string? Pattern { get; init; }

    /// <summary>The backup's name; the endpoint's host-port when not given.</summary>
    public string? Name { get; init; }

    /// <summary>When set, the manifest is signed with it.</summary>
    public X509Certificate2? SigningCertificate { get; init; }

    /// <summary>Timing of the run's lease; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }
}
