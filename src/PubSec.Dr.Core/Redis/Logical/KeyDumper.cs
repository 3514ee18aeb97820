using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// DUMP and PTTL of one window of keys, pipelined, written to the dump in SCAN order. A key that disappeared
/// between SCAN and DUMP (deleted or expired) is skipped; the RDB version of the first payload goes into the header.
/// </summary>
internal sealed class KeyDumper(IRedisServer server, LogicalDumpWriter writer, KeyProgress progress)
{
    private long _payloadBytes;
    private long _payloads;

    public KeyProgress Progress => progress;

    public long Vanished { get; private set; }

    public int Duplicates { get; set; }

    /// <summary>How many keys the next window may hold: fewer when the payloads seen so far are large.</summary>
    public int WindowSize(long windowBytes, int max)
    {
        if (_payloads == 0)
        {
            return Math.Min(64, max);
        }

        var average = Math.Max(1, _payloadBytes / _payloads);
        return (int)Math.Clamp(windowBytes / average, 1, max);
    }

    public async Task DumpAsync(IReadOnlyList<byte[]> keys, RedisBackup backup, CancellationToken cancellationToken)
    {
        var dumps = await server.DumpAsync(keys, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        var written = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var (payload, pttl) = dumps[i];
            if (payload is null || pttl == -2)
            {
                // Deleted or expired after SCAN listed it (PTTL -2: gone by the time PTTL ran, after DUMP).
                Vanished++;
                continue;
            }

            var rdb = DumpPayload.RdbVersionOf(payload) ?? throw new DrException(ErrorIds.RedisRequestFailed, DrErrorCategory.InvalidResult,
                $"Redis {server.Endpoint.Display} answered DUMP of '{RedisKeyText.Display(keys[i])}' with {payload.Length} bytes, too short for a DUMP payload.",
                "Check that the endpoint is a Redis server (not a proxy that rewrites replies), then run the backup again.", server.Endpoint.Display);
            if (!writer.HeaderWritten)
            {
                backup.RdbVersion = rdb;
                await writer.WriteHeaderAsync(RedisLogicalBackupEngine.Header(backup), cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteKeyAsync(keys[i], pttl, payload, cancellationToken).ConfigureAwait(false);
            bytes += payload.Length;
            written++;
        }

        _payloadBytes += bytes;
        _payloads += written;
        progress.Add(written, bytes);
    }
}
