using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Rdb;

// SCAFFOLD: replaced by the RDB helper's implementation (feat/redis-rdb) before this is submitted.
public sealed class RedisRdbBackupEngine(RedisEndpoint endpoint, IBackupStore store, IOperationLog log)
{
    public string Name { get; init; } = endpoint.DefaultName;

    public Task<RedisBackup> BackupAsync(IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"RDB backups of {endpoint.Display} to {store.Location} are not built yet ({log.GetType().Name}).");
}
