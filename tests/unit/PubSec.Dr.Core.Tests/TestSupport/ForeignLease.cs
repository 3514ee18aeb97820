using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>Lease objects another process wrote: a live writer elsewhere, or the lease a killed run left behind.</summary>
internal static class ForeignLease
{
    /// <summary>A writer's lease as another process (on another host) would have written it.</summary>
    public static async Task<string> WriteAsync(IBackupStore store, string folder, string host, TimeSpan expiresIn, int durationSeconds = 300,
        string operation = BackupLease.CopyOperation, List<LeasedServerSnapshot>? snapshots = null, int processId = 4242)
    {
        var now = DateTime.UtcNow;
        var record = new LeaseRecord
        {
            Kind = LeaseKind.Writer,
            Operation = operation,
            Source = "docs",
            BackupId = folder.TrimEnd('/').Split('/')[^1],
            Host = host,
            ProcessId = processId,
            Token = Guid.NewGuid().ToString("N"),
            StartedAt = now.AddMinutes(-10),
            RenewedAt = now,
            ExpiresAt = now + expiresIn,
            DurationSeconds = durationSeconds,
            ServerSnapshots = snapshots ?? [],
        };
        var key = LeaseObjects.KeyOf(folder, LeaseKind.Writer, record.Token);
        await using var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(record.Serialize());
        await upload.CompleteAsync(CancellationToken.None);
        return key;
    }
}
