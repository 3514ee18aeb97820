using System.Globalization;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups;

/// <summary>
/// Where a backup's objects live in a store: &lt;kind&gt;/&lt;collection&gt;/&lt;id&gt;/{parts, manifest.json}.
/// One folder per backup keeps a backup's parts together for copy and deletion, and the manifest beside them.
/// </summary>
public static class BackupLayout
{
    public const string ManifestName = "manifest.json";
    public const string QdrantRoot = "qdrant/";
    public const string RedisRoot = "redis/";
    public const string KubernetesConfigRoot = "kubernetes-config/";

    /// <summary>Every kind's root, for listing a whole catalog.</summary>
    public static readonly string[] Roots = [QdrantRoot, RedisRoot, KubernetesConfigRoot];

    /// <summary>The parts of a configuration backup: every object but Secrets, and the Secrets (always encrypted).</summary>
    public const string KubernetesConfigPart = "config.yaml";
    public const string KubernetesSecretsPart = "secrets.yaml";

    /// <summary>The one part of a Redis backup: the RDB file as the server wrote it, or the logical record stream.</summary>
    public const string RedisRdbPart = "dump.rdb";
    public const string RedisLogicalPart = "keys.pdrl";

    public static string NewId(DateTime startedUtc) =>
        startedUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public static string QdrantPrefix(string collection, string id) => $"{QdrantCollectionPrefix(collection)}{id}/";

    /// <summary>Where every backup of one collection lives.</summary>
    public static string QdrantCollectionPrefix(string collection) => $"{QdrantRoot}{StoreKey.Segment(collection)}/";

    public static string RedisPrefix(string name, string id) => $"{RedisSourcePrefix(name)}{id}/";

    /// <summary>Where every backup of one Redis name lives.</summary>
    public static string RedisSourcePrefix(string name) => $"{RedisRoot}{StoreKey.Segment(name)}/";

    public static string KubernetesConfigPrefix(string ns, string id) => $"{KubernetesConfigSourcePrefix(ns)}{id}/";

    /// <summary>Where every configuration backup of one namespace lives.</summary>
    public static string KubernetesConfigSourcePrefix(string ns) => $"{KubernetesConfigRoot}{StoreKey.Segment(ns)}/";

    public static string RedisPart(string prefix, RedisBackupMode mode) =>
        StoreKey.Validate(prefix + (mode == RedisBackupMode.Rdb ? RedisRdbPart : RedisLogicalPart));

    public static string Manifest(string prefix) => StoreKey.Validate(prefix + ManifestName);

    /// <summary>Where a backup's manifest is: where it was read from or written to, else where the layout puts it.</summary>
    public static string ManifestKeyOf(DrBackup backup) => !string.IsNullOrEmpty(backup.ManifestKey) ? StoreKey.Validate(backup.ManifestKey) : backup switch
    {
        QdrantBackup q => Manifest(QdrantPrefix(q.Collection, q.Id)),
        RedisBackup r => Manifest(RedisPrefix(r.Name, r.Id)),
        KubernetesConfigBackup k => Manifest(KubernetesConfigPrefix(k.Namespace, k.Id)),
        _ => throw new ArgumentException($"A {backup.GetType().Name} has no manifest location.", nameof(backup)),
    };

    public static string QdrantPart(string prefix, int nodeIndex, ulong peerId) =>
        StoreKey.Validate(FormattableString.Invariant($"{prefix}node{nodeIndex}-{peerId}.snapshot"));
}
