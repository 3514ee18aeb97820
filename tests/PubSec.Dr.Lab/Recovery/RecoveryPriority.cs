using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Recovery;

/// <summary>Whose data wins after a recovery when other replicas exist (§9.3). The server default is Snapshot.</summary>
internal enum RecoveryPriority
{
    Snapshot,
    Replica,
    NoSync,
}

internal static class RecoveryPriorities
{
    public static RecoveryPriority Parse(string? text, string where) => text switch
    {
        null => RecoveryPriority.Snapshot,
        "snapshot" => RecoveryPriority.Snapshot,
        "replica" => RecoveryPriority.Replica,
        "no_sync" => RecoveryPriority.NoSync,
        _ => throw QdrantException.Format(where, $"priority: unknown variant `{text}`, expected one of `no_sync`, `snapshot`, `replica`"),
    };
}
