namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// What one Restore-QdrantCluster run restores: the given backups and, with <see cref="LatestOf"/>, the newest backup
/// of that collection in the engine's store that passes Full integrity; each under <see cref="TargetCollection"/>
/// when set (else its own name).
/// </summary>
public sealed record QdrantRestoreRequest(IReadOnlyList<QdrantBackup> Backups, string? LatestOf = null, string? TargetCollection = null);
