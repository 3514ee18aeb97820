using System.Diagnostics;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// A logical backup of database 0 of one Redis server: SCAN (MATCH -Pattern), then DUMP and PTTL of every key in
/// pipelined windows, each record streamed straight into the store in the logical dump format with its checksum.
/// The manifest is written last, so a backup that fails or is cancelled leaves nothing that looks complete.
/// </summary>
public sealed class RedisLogicalBackupEngine(IRedisConnector redis, RedisEndpoint endpoint, IBackupStore store, IOperationLog log)
{
    private const int ScanPageSize = 1000;
    private const int MaxWindow = 1000;

    /// <summary>Bytes of DUMP payloads a window aims at; windows shrink when payloads are big, so memory stays bounded.</summary>
    private const long WindowBytes = 16L * 1024 * 1024;

    public string Name { get; init; } = endpoint.DefaultName;

    public string? Pattern { get; init; }

    /// <summary>When set, the manifest is signed (manifest.json.p7s, written before it) with this certificate.</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Timing of the run's lease; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    public async Task<RedisBackup> BackupAsync(IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var id = BackupLayout.NewId(started);
        // Refuses to run beside a live backup of the same name, and clears what a killed one left (uploads, parts).
        await using var write = await BackupWrite.BeginAsync(store, BackupWriteTarget.Redis(Name, id, started), log, cancellationToken, LeaseTiming)
            .ConfigureAwait(false);
        var partKey = BackupLayout.RedisPart(write.Target.Prefix, RedisBackupMode.Logical);

        await using var server = await redis.ConnectRedisAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var info = await server.InfoAsync(cancellationToken).ConfigureAwait(false);
        log.Verbose($"Redis {endpoint.Display}: version {info.Version}, role {info.Role}, master_repl_offset {info.MasterReplOffset}; dumping {(Pattern is null ? "every key" : $"keys matching '{Pattern}'")} of db 0 to {partKey}.");

        var backup = new RedisBackup
        {
            Id = id,
            Name = Name,
            Endpoint = endpoint.Display,
            Mode = RedisBackupMode.Logical,
            Pattern = Pattern,
            RedisVersion = info.Version,
            Role = info.Role,
            ReplicationOffset = info.MasterReplOffset,
            StartedAt = started,
        };

        var (bytes, sha256, keyCount) = await write.StorePartAsync(partKey, async (content, token) =>
        {
            using var writer = new LogicalDumpWriter(content);
            var dumper = new KeyDumper(server, writer, new KeyProgress(progress, $"Backing up Redis '{Name}'", $"{endpoint.Display} -> {partKey}", info.KeyCount));
            try
            {
                await foreach (var window in WindowsAsync(server, dumper, token).ConfigureAwait(false))
                {
                    await dumper.DumpAsync(window, backup, token).ConfigureAwait(false);
                }

                if (!writer.HeaderWritten)
                {
                    // No key at all: the header still says which RDB version the server writes, for the restore check.
                    backup.RdbVersion = DumpPayload.RdbVersionOfServer(info.Version) ?? 0;
                    await writer.WriteHeaderAsync(Header(backup), token).ConfigureAwait(false);
                }

                var (size, hash) = await writer.CompleteAsync(token).ConfigureAwait(false);
                if (dumper.Vanished > 0 || dumper.Duplicates > 0)
                {
                    log.Verbose($"{dumper.Vanished} key(s) were deleted or expired between SCAN and DUMP and are not in the backup; {dumper.Duplicates} key(s) SCAN returned twice were dumped once.");
                }

                return (size, hash, writer.KeyCount);
            }
            finally
            {
                dumper.Progress.Complete();
            }
        }, cancellationToken).ConfigureAwait(false);
        backup.Parts = [new BackupPart { Key = partKey, Size = bytes, Sha256 = sha256 }];
        backup.KeyCount = keyCount;

        backup.Status = BackupStatus.Succeeded;
        backup.CompletedAt = DateTime.UtcNow;
        await write.CommitAsync(backup, Signer, cancellationToken).ConfigureAwait(false);

        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
        log.Verbose($"Logical backup {id} of {endpoint.Display}: {backup.KeyCount} key(s), {backup.Parts[0].Size} bytes in {clock.Elapsed.TotalSeconds:F1} s ({backup.KeyCount / seconds:F0} keys/s).");
        return backup;
    }

    internal static LogicalDumpHeader Header(RedisBackup backup) =>
        new(LogicalDumpFormat.Version, backup.RedisVersion, backup.RdbVersion ?? 0, backup.Pattern, backup.StartedAt, 0);

    /// <summary>SCAN's keys, each once, grouped into windows sized by the payloads seen so far.</summary>
    private async IAsyncEnumerable<List<byte[]>> WindowsAsync(IRedisServer server, KeyDumper dumper,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = new List<byte[]>(MaxWindow);
        var dedup = new ScanDeduplicator();
        long cursor = 0;
        do
        {
            var page = await server.ScanAsync(cursor, Pattern, ScanPageSize, cancellationToken).ConfigureAwait(false);
            cursor = page.Cursor;
            foreach (var key in page.Keys)
            {
                if (!dedup.FirstTime(key))
                {
                    continue;
                }

                window.Add(key);
                if (window.Count >= dumper.WindowSize(WindowBytes, MaxWindow))
                {
                    yield return window;
                    window = new List<byte[]>(MaxWindow);
                }
            }
        }
        while (cursor != 0);

        dumper.Duplicates = dedup.Duplicates;
        if (window.Count > 0)
        {
            yield return window;
        }
    }
}
