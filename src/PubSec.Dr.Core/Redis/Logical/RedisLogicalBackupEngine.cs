using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Logical;

// SCAFFOLD: replaced by the logical-backup helper's implementation (feat/redis-logical) before this is submitted.
public sealed class RedisLogicalBackupEngine(RedisEndpoint endpoint, IBackupStore store, IOperationLog log)
{
    public string Name { get; init; } = endpoint.DefaultName;

    public string? Pattern { get; init; }

    public Task<RedisBackup> BackupAsync(IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Logical backups of {endpoint.Display} to {store.Location} are not built yet ({log.GetType().Name}).");
}
