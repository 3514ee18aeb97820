using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Network;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// Where Restore-RedisBackup puts a backup: a running server (<see cref="Endpoint"/>, logical backups) or the data
/// directory of a stopped self-managed server (<see cref="DataDirectory"/>, RDB backups). The endpoint stays text
/// until the restore runs, so a bad one fails that backup only, like every other per-backup failure.
/// </summary>
public sealed class RedisRestoreRequest
{
    public string? Endpoint { get; init; }

    public string? Password { get; init; }

    public string? User { get; init; }

    public NetworkDeadlines Deadlines { get; init; } = RedisEndpoint.DefaultDeadlines;

    /// <summary>A full path; when set the RDB file is written there and <see cref="Endpoint"/> is ignored.</summary>
    public string? DataDirectory { get; init; }

    public bool Replace { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];
}
