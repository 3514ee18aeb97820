using System.Globalization;
using System.Text;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Asks a server for its RDB the way a new replica (or redis-cli --rdb) does: REPLCONF capa eof (so a
/// diskless primary may stream it), REPLCONF rdb-only 1 (Redis 7+: no replication stream after the RDB),
/// then PSYNC ? -1, which a primary answers with +FULLRESYNC and the RDB.
/// </summary>
internal static class RdbSyncClient
{
    public const string RefusedAction =
        "The server does not serve its RDB over the replication protocol (managed services such as ElastiCache, Azure Cache and Memorystore refuse it). Use -Mode Logical, or -Mode Rdb -Fallback Logical.";

    /// <summary>The server's BGSAVE may take long on a large dataset; it sends keepalive newlines meanwhile, one a second.</summary>
    public static readonly TimeSpan KeepaliveTimeout = TimeSpan.FromSeconds(60);

    public static async Task<RdbTransfer> StartAsync(RedisWireConnection connection, CancellationToken cancellationToken)
    {
        // Older servers do not know these options; the sync still works without them (disk-based, then the stream follows).
        foreach (var option in new[] { new[] { "REPLCONF", "capa", "eof" }, ["REPLCONF", "rdb-only", "1"] })
        {
            var reply = await connection.CommandAsync(option, "negotiating replication", cancellationToken).ConfigureAwait(false);
            if (reply.IsError && IsRefusal(reply.Text))
            {
                throw RedisWireErrors.FromReply(connection.Endpoint, "Requesting the RDB from", reply.Text ?? string.Empty, RefusedAction);
            }
        }

        var previous = connection.IdleTimeout;
        connection.IdleTimeout = KeepaliveTimeout;
        await connection.SendAsync(["PSYNC", "?", "-1"], "requesting the RDB", cancellationToken).ConfigureAwait(false);
        var line = await connection.ReadLineAsync(skipKeepalives: true, "waiting for the RDB", cancellationToken).ConfigureAwait(false);
        string? replicationId = null;
        long? offset = null;
        if (line.StartsWith("+FULLRESYNC ", StringComparison.Ordinal))
        {
            var fields = line.Split(' ');
            replicationId = fields.Length > 1 ? fields[1] : null;
            offset = fields.Length > 2 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null;
            line = await connection.ReadLineAsync(skipKeepalives: true, "waiting for the RDB", cancellationToken).ConfigureAwait(false);
        }

        if (line.StartsWith('-'))
        {
            throw RedisWireErrors.FromReply(connection.Endpoint, "Requesting the RDB from", line[1..], RefusedAction);
        }

        if (!line.StartsWith('$'))
        {
            throw RedisWireErrors.Unreachable(connection.Endpoint, $"it answered PSYNC with '{(line.Length > 80 ? line[..80] : line)}' instead of an RDB.");
        }

        connection.IdleTimeout = previous;
        if (line.StartsWith("$EOF:", StringComparison.Ordinal))
        {
            var mark = Encoding.ASCII.GetBytes(line[5..]);
            if (mark.Length != EofMarkPayloadStream.MarkLength)
            {
                throw RedisWireErrors.Unreachable(connection.Endpoint, "its diskless RDB announcement has an end mark that is not 40 bytes long.");
            }

            return new RdbTransfer(new EofMarkPayloadStream(connection, mark), null, replicationId, offset);
        }

        var length = RedisWireConnection.ParseLength(line, "requesting the RDB", connection.Endpoint);
        if (length < 0)
        {
            throw RedisWireErrors.Unreachable(connection.Endpoint, $"it announced an RDB of {length} bytes.");
        }

        return new RdbTransfer(new LengthPayloadStream(connection, length), length, replicationId, offset);
    }

    private static bool IsRefusal(string? error) => error is not null
        && (error.StartsWith("NOPERM", StringComparison.OrdinalIgnoreCase) || error.StartsWith("NOAUTH", StringComparison.OrdinalIgnoreCase)
            || error.StartsWith("WRONGPASS", StringComparison.OrdinalIgnoreCase)
            || (error.Contains("unknown command", StringComparison.OrdinalIgnoreCase) && error.Contains("REPLCONF", StringComparison.OrdinalIgnoreCase)));
}
