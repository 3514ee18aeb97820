using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>Which backup part goes to which target node (part i to node i: each node gets its own shards back).</summary>
public sealed record PartMapping(QdrantBackupPart Part, IQdrantNode Node, ulong TargetPeerId);

/// <summary>What a restore will do, worked out with read-only calls; also what -WhatIf prints.</summary>
public sealed record QdrantRestorePlan(
    QdrantBackup Backup,
    string Collection,
    string TargetVersion,
    IReadOnlyList<PartMapping> Mappings,
    long? LivePointCount,
    IReadOnlyList<string> Drift)
{
    public string Describe()
    {
        var live = LivePointCount is { } count ? $"{count} live points will be replaced" : "the collection does not exist yet and will be created";
        var drift = Drift.Count == 0 ? "no config drift" : "drift: " + string.Join("; ", Drift);
        var map = string.Join(", ", Mappings.Select(m => $"{m.Part.Key} -> {m.Node.DisplayUri} (peer {m.TargetPeerId})"));
        return $"restore '{Collection}' from backup {Backup.Id} ({Backup.PointCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} points, {Backup.SizeBytes} bytes): "
            + $"{live}; {drift}; parts: {map}";
    }
}
