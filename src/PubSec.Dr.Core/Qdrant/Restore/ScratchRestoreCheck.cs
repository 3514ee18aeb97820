using System.Diagnostics;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Proves a backup by restoring it (Test-DbaLastBackup for a vector database): into a scratch collection
/// with a clear prefix on a given Qdrant, checked against the manifest's count, sample and golden queries,
/// and dropped again whatever the outcome.
/// </summary>
public sealed class ScratchRestoreCheck : IRestoreProbe
{
    public const string Prefix = "pubsec-dr-scratch-";
    private readonly IQdrantConnector _backends;
    private readonly QdrantConnection _scratch;
    private readonly IBackupStore? _store;
    private readonly IOperationLog _log;

    /// <param name="backends">Makes the connections to the scratch cluster, one per check.</param>
    /// <param name="store">Where the backups are read; null: each backup's own store (enough to drop a collection).</param>
    public ScratchRestoreCheck(IQdrantConnector backends, QdrantConnection scratch, IBackupStore? store, IOperationLog log)
    {
        _backends = backends;
        _scratch = scratch;
        _store = store;
        _log = log;
    }

    /// <summary>The private keys for an encrypted backup; without it, the certificate stores are searched.</summary>
    public DecryptionKeyRing? Decryption { get; init; }

    public async Task<IntegrityCheck> RunAsync(QdrantBackup backup, CancellationToken ct)
    {
        var name = Prefix + Guid.NewGuid().ToString("N")[..12];
        try
        {
            return await RestoreIntoAsync(backup, name, ct).ConfigureAwait(false);
        }
        finally
        {
            await DropAsync(name).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Restores <paramref name="backup"/> into the collection <paramref name="name"/> and verifies it, leaving it in
    /// place: the caller drops it (<see cref="DropAsync"/>). Drills use this with their own, ledgered names.
    /// </summary>
    public async Task<IntegrityCheck> RestoreIntoAsync(QdrantBackup backup, string name, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var cluster = _backends.Qdrant(_scratch);
        var engine = new QdrantRestoreEngine(cluster, _store, _log) { IntegrityAlreadyVerified = true, Decryption = Decryption };
        try
        {
            var plan = await engine.PlanAsync(backup, name, ct).ConfigureAwait(false);
            var (result, failure) = await engine.RestoreAsync(plan, null, ct).ConfigureAwait(false);
            var steps = string.Join(", ", result.Steps.Select(s => $"{s.Name} {s.Status} {s.Duration.TotalSeconds:0.0}s"));
            var where = $"restored into '{name}' on {string.Join(", ", _scratch.Nodes.Select(QdrantConnection.Display))} in {clock.Elapsed.TotalSeconds:0.0} s";
            return failure is null
                ? IntegrityChecker.Pass("ScratchRestore", backup.Id, $"{where}; {steps}; {result.Steps[^1].Detail}")
                : IntegrityChecker.Fail("ScratchRestore", backup.Id, failure.ErrorId, $"{where}; {steps}; {failure.Message}");
        }
        catch (DrException ex)
        {
            return IntegrityChecker.Fail("ScratchRestore", backup.Id, ex.ErrorId, $"Restore into '{name}' failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Drops a scratch collection; true when it is gone. Always called, even after a failure or Ctrl+C (with its own
    /// minute): a test must not leave data behind on the scratch cluster.
    /// </summary>
    public async Task<bool> DropAsync(string name)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var cluster = _backends.Qdrant(_scratch);
        var engine = new QdrantRestoreEngine(cluster, _store, _log);
        try
        {
            await engine.DropCollectionAsync(name, cleanup.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DrException or OperationCanceledException)
        {
            _log.Warning($"Could not drop the scratch collection '{name}': {ex.Message}. Delete it by hand.");
            return false;
        }
    }
}
