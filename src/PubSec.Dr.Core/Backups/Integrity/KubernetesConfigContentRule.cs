using PubSec.Dr.Backups;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Full integrity of a configuration backup part: the YAML parses as Kubernetes objects of the kinds a
/// configuration backup holds, and their count is the manifest's (Secrets in secrets.yaml, every other kind in
/// config.yaml, which must hold no Secret at all). Reports counts and kinds, never an object's content.
/// </summary>
internal static class KubernetesConfigContentRule
{
    public const string CheckName = "KubernetesConfigYaml";

    public static async Task<IntegrityCheck> CheckAsync(Stream content, BackupPart part, KubernetesConfigBackup backup, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content);
        var yaml = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> objects;
        try
        {
            objects = ConfigYaml.Parse(yaml, part.Key);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.KubernetesConfigBackupInvalid)
        {
            return IntegrityChecker.Fail(CheckName, part.Key, ex.ErrorId, ex.Message);
        }

        var secretsPart = part.Key.EndsWith("/" + BackupLayout.KubernetesSecretsPart, StringComparison.Ordinal);
        var kinds = objects.GroupBy(o => o["kind"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var secrets = kinds.GetValueOrDefault(ConfigResourceTypes.Secrets.Kind);
        if (!secretsPart && secrets > 0)
        {
            return IntegrityChecker.Fail(CheckName, part.Key, ErrorIds.KubernetesConfigBackupInvalid,
                $"The plain part holds {secrets} Secret(s); Secrets belong only in the encrypted {BackupLayout.KubernetesSecretsPart}.");
        }

        var expected = secretsPart
            ? backup.ObjectCounts.GetValueOrDefault(ConfigResourceTypes.Secrets.Kind)
            : backup.ObjectCounts.Where(c => c.Key != ConfigResourceTypes.Secrets.Kind).Sum(c => c.Value);
        var summary = string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} {k.Key}"));
        return objects.Count == expected
            ? IntegrityChecker.Pass(CheckName, part.Key, $"{objects.Count} object(s) as the manifest records{(summary.Length > 0 ? $" ({summary})" : string.Empty)}.")
            : IntegrityChecker.Fail(CheckName, part.Key, ErrorIds.KubernetesConfigBackupInvalid,
                $"The part holds {objects.Count} object(s) ({summary}); the manifest records {expected}.");
    }
}
