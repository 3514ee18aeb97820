namespace PubSec.Dr.Backups.Catalog;

/// <summary>Where one backup is written: its folder, the folder of every backup of its source, and which run it is.</summary>
public sealed record BackupWriteTarget(string Prefix, string SourcePrefix, string Source, string BackupId, DateTime StartedAt)
{
    public static BackupWriteTarget Qdrant(string collection, string backupId, DateTime startedAt) =>
        new(BackupLayout.QdrantPrefix(collection, backupId), BackupLayout.QdrantCollectionPrefix(collection), collection, backupId, startedAt);

    public static BackupWriteTarget Redis(string name, string backupId, DateTime startedAt) =>
        new(BackupLayout.RedisPrefix(name, backupId), BackupLayout.RedisSourcePrefix(name), name, backupId, startedAt);

    public static BackupWriteTarget KubernetesConfig(string ns, string backupId, DateTime startedAt) =>
        new(BackupLayout.KubernetesConfigPrefix(ns, backupId), BackupLayout.KubernetesConfigSourcePrefix(ns), ns, backupId, startedAt);

    public string ManifestKey => BackupLayout.Manifest(Prefix);
}
