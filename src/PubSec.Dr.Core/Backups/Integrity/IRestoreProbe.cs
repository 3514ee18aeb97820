namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// The Restore level of an integrity check: an actual restore of the backup somewhere harmless, verified. Declared
/// here and implemented by the restore engine's scratch check, so integrity does not depend on restore (which
/// itself checks integrity before it changes anything).
/// </summary>
public interface IRestoreProbe
{
    Task<IntegrityCheck> RunAsync(QdrantBackup backup, CancellationToken ct);
}
