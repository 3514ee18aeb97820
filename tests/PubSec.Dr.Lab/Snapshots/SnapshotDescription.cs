namespace PubSec.Dr.Lab.Snapshots;

/// <summary>Qdrant's SnapshotDescription (§5.1): the checksum is absent for files without a sidecar (uploads).</summary>
internal sealed record SnapshotDescription(string Name, DateTime? CreationTime, long Size, string? Checksum);
