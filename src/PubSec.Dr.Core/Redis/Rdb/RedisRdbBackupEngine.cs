using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Backs up a Redis server as its RDB file, pulled over the replication protocol: INFO first (version, role,
/// offset), then the RDB streamed straight into the store in one pass that hashes it, checks its header, EOF
/// opcode and CRC-64 and counts its keys record by record. The manifest's KeyCount is that count, so Full integrity
/// can hold the file to it; only when a record cannot be read is it the INFO count, with a note saying so. A
/// stream that fails any check is aborted in the store; the manifest is written last, so only a whole, verified
/// file is ever listed.
/// </summary>
public sealed class RedisRdbBackupEngine(IRedisConnector redis, RedisEndpoint endpoint, IBackupStore store, IOperationLog log)
{
    public string Name { get; init; } = endpoint.DefaultName;

    /// <summary>When set, the manifest is signed (manifest.json.p7s, written before it) with this certificate.</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Timing of the run's lease; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    public async Task<RedisBackup> BackupAsync(IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var backup = new RedisBackup
        {
            Id = BackupLayout.NewId(started),
            Name = Name,
            Endpoint = endpoint.Display,
            Mode = RedisBackupMode.Rdb,
            StartedAt = started,
        };
        // Refuses to run beside a live backup of the same name, and clears what a killed one left (uploads, parts).
        await using var write = await BackupWrite.BeginAsync(store, BackupWriteTarget.Redis(Name, backup.Id, started), log, cancellationToken, LeaseTiming)
            .ConfigureAwait(false);
        var key = BackupLayout.RedisPart(write.Target.Prefix, RedisBackupMode.Rdb);

        // The endpoint's deadlines bound connecting and each reply (the wait for BGSAVE has its own, longer one).
        await using var connection = await redis.OpenRedisReplicationAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var info = await connection.InfoAsync(null, cancellationToken).ConfigureAwait(false);
        backup.RedisVersion = info.Version;
        backup.Role = info.Role;
        backup.ReplicationOffset = info.MasterReplOffset;
        backup.KeyCount = info.KeyCount;
        log.Verbose($"Redis {info.Version} at {endpoint.Display} ({info.Role}, offset {info.MasterReplOffset}, {info.KeyCount} keys): requesting its RDB.");

        var transfer = await connection.RequestRdbAsync(cancellationToken).ConfigureAwait(false);
        log.Verbose($"Receiving a {(transfer.Diskless ? "diskless RDB stream" : $"{transfer.Length}-byte RDB")} (replication id {transfer.ReplicationId}, offset {transfer.ReplicationOffset}) into {store.Location}{key}.");

        var meter = new TransferMeter(progress, $"Backing up Redis '{Name}'", $"{endpoint.Display} -> {key}", transfer.Length);
        var (copy, rdb) = await write.StorePartAsync(key, (content, token) => StreamCopier.CopyAsync(transfer.Payload, content,
            (rdbContent, verifyToken) => RdbVerifier.VerifyAsync(rdbContent, $"from {endpoint.Display}", verifyToken), meter, token), cancellationToken).ConfigureAwait(false);
        backup.RdbVersion = rdb.Version;
        backup.Parts = [new BackupPart { Key = key, Size = copy.Bytes, Sha256 = copy.Sha256 }];
        backup.KeyCount = rdb.KeyCount ?? info.KeyCount;
        var notes = new List<string>();
        if (rdb.Problem is not null)
        {
            notes.Add(rdb.Problem);
        }

        if (rdb.KeyspaceUnread is not null)
        {
            notes.Add($"The key count ({info.KeyCount}) is the server's INFO count before the transfer: the RDB's own keys could not be counted ({rdb.KeyspaceUnread}).");
        }

        backup.Problems = [.. notes];
        backup.Status = BackupStatus.Succeeded;
        backup.CompletedAt = DateTime.UtcNow;

        // The manifest goes last: until it exists, the catalog does not list this backup.
        await write.CommitAsync(backup, Signer, cancellationToken).ConfigureAwait(false);

        foreach (var note in notes)
        {
            log.Warning(note);
        }

        log.Verbose($"Backup {backup.Id} of {endpoint.Display} as '{Name}': RDB version {rdb.Version}, {copy.Bytes} bytes, SHA-256 {copy.Sha256}, "
            + $"{(rdb.Keyspace is { } keyspace ? $"keys {keyspace.Describe()}" : $"{info.KeyCount} key(s) by INFO")}.");
        return backup;
    }
}
