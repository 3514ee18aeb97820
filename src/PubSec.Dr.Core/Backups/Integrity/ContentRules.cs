using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// How Full integrity reads the content of a part beyond its SHA-256, per backup kind and format. Qdrant parts
/// are tars checked by <see cref="QdrantArchiveRules"/>; other formats register a reader here that consumes the
/// whole stream and returns one check (passed, or failed with a specific error id).
/// </summary>
internal static class ContentRules
{
    public delegate Task<IntegrityCheck> PartRule(Stream content, BackupPart part, CancellationToken cancellationToken);

    public static PartRule? For(DrBackup backup) => backup switch
    {
        RedisBackup { Mode: RedisBackupMode.Logical } redis => (content, part, token) => LogicalDumpRule.CheckAsync(content, part, redis, token),
        RedisBackup { Mode: RedisBackupMode.Rdb } redis => (content, part, token) => RdbContentRule.CheckAsync(content, part, redis, token),
        KubernetesConfigBackup config => (content, part, token) => KubernetesConfigContentRule.CheckAsync(content, part, config, token),
        _ => null,
    };
}
