using System.Net;
using System.Net.Sockets;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Redis.Replication;

/// <summary>
/// Reads INFO replication from a primary and one of its replicas at the same moment and judges whether the
/// replica is a usable, recent copy. Read-only. A replica that does not answer in time (paused, overloaded,
/// partitioned) is judged from the primary's view, which still has its last acknowledged offset and ACK age.
/// How long each server may take comes from its endpoint's deadlines.
/// </summary>
public sealed class RedisReplicationChecker(IRedisConnector redis, RedisEndpoint primary, RedisEndpoint replica)
{
    public long MaxLagBytes { get; init; } = 1 << 20;

    public int MaxLagSeconds { get; init; } = 10;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>
    /// The status, and beside it RedisReplicationUnhealthy when the verdict is Unhealthy: a runbook gets both the
    /// numbers and an error it can stop on (-ErrorAction Stop).
    /// </summary>
    public async Task<(RedisReplicationStatus Status, DrException? Failure)> CheckAsync(CancellationToken cancellationToken)
    {
        var status = await MeasureAsync(cancellationToken).ConfigureAwait(false);
        Log.Verbose($"Replication {status.Primary} -> {status.Replica}: link {status.LinkStatus}, {status.LagBytes} bytes and {status.LagSeconds} s behind, RPO {status.RpoSeconds} s.");
        var failure = status.Verdict != RedisReplicationVerdict.Unhealthy ? null : new DrException(ErrorIds.RedisReplicationUnhealthy, DrErrorCategory.InvalidResult,
            $"Replication from {status.Primary} to {status.Replica} is unhealthy: {string.Join(" ", status.Reasons)}",
            "Do not rely on the replica for failover until it is Healthy; check its log, its link to the primary and its load (INFO replication).",
            status.Replica);
        return (status, failure);
    }

    private async Task<RedisReplicationStatus> MeasureAsync(CancellationToken cancellationToken)
    {
        var primaryRead = ReadInfoAsync(primary, cancellationToken);
        var replicaRead = ReadInfoAsync(replica, cancellationToken);
        RedisServerInfo? replicaInfo = null;
        string? replicaProblem = null;
        try
        {
            replicaInfo = await replicaRead.ConfigureAwait(false);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.RedisUnreachable or ErrorIds.RedisTimeout)
        {
            replicaProblem = ex.Message;
        }

        // Without the primary there is nothing to measure the replica against: that failure is the caller's.
        var primaryInfo = await primaryRead.ConfigureAwait(false);
        var addresses = await ResolveAsync(replica.Host, cancellationToken).ConfigureAwait(false);
        return ReplicationEvaluator.Evaluate(primary, replica, primaryInfo, replicaInfo, replicaProblem, addresses,
            new ReplicationEvaluator.Limits(MaxLagBytes, MaxLagSeconds), DateTime.UtcNow);
    }

    private async Task<RedisServerInfo> ReadInfoAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await redis.OpenRedisReplicationAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return await connection.InfoAsync("replication", cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyCollection<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(replica.Deadlines.Request);
        try
        {
            return await System.Net.Dns.GetHostAddressesAsync(host, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Only used to tell replicas on one port apart; without it the port alone decides.
            return [];
        }
    }
}
