using System.Globalization;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Readiness;

/// <summary>
/// The age of a source's newest restorable backup against the recovery point objectives: within the RPO passes,
/// between the RPO and its maximum is a Warning, past the maximum (or no restorable backup at all) fails. The age
/// counts from when the backup started: data written after that is not in it.
/// </summary>
internal static class BackupRules
{
    public static ReadinessCheck Judge(string kind, string source, IReadOnlyList<DrBackup> backups, DrObjectives objectives, DateTime now, TimeSpan duration)
    {
        var name = $"Backup {kind}/{source}";
        var expected = $"a restorable backup at most {Text(objectives.Rpo)} old (RPO; max {Text(objectives.RpoMax)})";
        var newest = backups.Where(b => b.IsRestorable).MaxBy(b => b.StartedAt);
        if (newest is null)
        {
            var unusable = backups.Count == 0 ? "no backup" : $"no restorable backup ({backups.Count} not restorable: incomplete or forensic)";
            return ReadinessChecks.Make(ReadinessCategory.Backup, name, ReadinessStatus.Failed, expected, unusable, duration,
                $"Take a backup now ({(kind == QdrantBackup.KindName ? "New-QdrantBackup" : "New-RedisBackup")}) or copy the newest one into this region's store (Copy-DrBackup).");
        }

        var age = now - newest.StartedAt;
        var status = age <= objectives.Rpo ? ReadinessStatus.Passed : age <= objectives.RpoMax ? ReadinessStatus.Warning : ReadinessStatus.Failed;
        return ReadinessChecks.Make(ReadinessCategory.Backup, name, status, expected,
            $"{newest.Id} from {newest.StartedAt.ToString("u", CultureInfo.InvariantCulture)}, {Text(age)} old", duration,
            "Backups are not keeping up with the RPO: check the backup schedule and its last runs, and copy recent backups into this region's store.");
    }

    public static string Text(TimeSpan span) => span < TimeSpan.Zero ? "0 s"
        : span.TotalDays >= 1 ? $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} d"
        : span.TotalHours >= 1 ? $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h"
        : span.TotalMinutes >= 1 ? $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min"
        : $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
}
