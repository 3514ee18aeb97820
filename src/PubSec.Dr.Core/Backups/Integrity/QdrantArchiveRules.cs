using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Archive;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// What a Qdrant collection snapshot must look like for Qdrant to recover it (reference §6.3): readable
/// config.json with the right shard_number, a directory per shard, readable nested segment archives, only
/// allowed entry types, no escaping paths, and data for the shards the manifest says it holds.
/// </summary>
internal static class QdrantArchiveRules
{
    /// <param name="undecrypted">
    /// Parts that could not be decrypted (no key at hand, or a key that does not open them). Their archives were
    /// never seen, so the shards the manifest says they hold are not judged: their own PartDecryption check
    /// already says what is wrong, and calling them malformed would report a missing key as corruption.
    /// </param>
    public static IEnumerable<IntegrityCheck> Check(QdrantBackup backup, IReadOnlyDictionary<string, ArchiveSummary> archives,
        IReadOnlySet<string> undecrypted)
    {
        foreach (var part in backup.Parts)
        {
            if (archives.TryGetValue(part.Key, out var archive))
            {
                yield return CheckPart(backup, part, archive);
            }
        }

        var covered = archives.Values.SelectMany(a => a.ShardsWithData).ToHashSet();
        var unjudged = backup.Parts.Where(p => undecrypted.Contains(p.Key))
            .SelectMany(p => p.Shards.Where(s => s.HasData).Select(s => s.ShardId)).ToHashSet();
        var missing = Enumerable.Range(0, (int)backup.Config.ShardNumber).Where(s => !covered.Contains(s) && !unjudged.Contains(s)).ToList();
        if (missing.Count == 0 && unjudged.Any(s => !covered.Contains(s)))
        {
            yield break;
        }

        var allRead = archives.Count == backup.Parts.Length;
        yield return missing.Count == 0
            ? IntegrityChecker.Pass("ShardCoverage", backup.Id, $"All {backup.Config.ShardNumber} shard(s) have data in at least one part.")
            : IntegrityChecker.Fail("ShardCoverage", backup.Id, ErrorIds.BackupArchiveMalformed,
                $"No {(allRead ? "" : "readable ")}part holds data for shard(s) {string.Join(", ", missing)}.");
    }

    private static IntegrityCheck CheckPart(QdrantBackup backup, QdrantBackupPart part, ArchiveSummary archive)
    {
        var problems = new List<string>(archive.Problems);
        if (!archive.HasConfig)
        {
            problems.Add("config.json is missing.");
        }
        else if (archive.ConfigError is not null)
        {
            problems.Add(archive.ConfigError);
        }
        else if (archive.ConfigShardNumber != backup.Config.ShardNumber)
        {
            problems.Add($"config.json says shard_number {archive.ConfigShardNumber}, the manifest {backup.Config.ShardNumber}.");
        }

        var expected = Enumerable.Range(0, (int)backup.Config.ShardNumber);
        var absent = expected.Where(s => !archive.ShardDirectories.Contains(s)).ToList();
        if (absent.Count > 0)
        {
            problems.Add($"Shard directories missing: {string.Join(", ", absent)}.");
        }

        var claimed = part.Shards.Where(s => s.HasData).Select(s => s.ShardId).Where(s => !archive.ShardsWithData.Contains(s)).ToList();
        if (claimed.Count > 0)
        {
            problems.Add($"The manifest says this part holds data for shard(s) {string.Join(", ", claimed)}, but the archive has none.");
        }

        return problems.Count == 0
            ? IntegrityChecker.Pass("PartArchive", part.Key,
                $"{archive.EntryCount} entries, shards with data [{string.Join(",", archive.ShardsWithData)}], {archive.SegmentArchiveCount} segment archive(s) readable.")
            : IntegrityChecker.Fail("PartArchive", part.Key, ErrorIds.BackupArchiveMalformed, string.Join(" ", problems));
    }
}
