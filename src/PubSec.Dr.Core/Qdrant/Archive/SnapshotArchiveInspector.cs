using System.Formats.Tar;
using System.Text.Json;
using System.Text.RegularExpressions;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// Reads a collection snapshot tar sequentially (it may be a non-seekable network stream) and records its
/// structure: config.json, shard directories, which shards carry data, nested segment archives, and every
/// rule violation. It never extracts anything to disk.
/// </summary>
public static partial class SnapshotArchiveInspector
{
    private const int MaxConfigBytes = 16 << 20;

    /// <summary>One pass that copies (or only reads, without a destination), hashes and, when asked, walks the snapshot tar.</summary>
    public static async Task<(CopyResult Copy, ArchiveSummary? Archive)> CopyAsync(Stream source, Stream? destination, bool inspect,
        TransferMeter meter, CancellationToken cancellationToken)
    {
        if (!inspect)
        {
            return (await StreamCopier.CopyAsync(source, destination, meter, cancellationToken).ConfigureAwait(false), null);
        }

        var (copy, archive) = await StreamCopier.CopyAsync(source, destination, InspectAsync, meter, cancellationToken).ConfigureAwait(false);
        return (copy, archive);
    }

    public static async Task<ArchiveSummary> InspectAsync(Stream archive, CancellationToken cancellationToken)
    {
        var summary = new ArchiveSummary();
        try
        {
            await using var reader = new TarReader(new TarVerifyingStream(archive), leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                summary.EntryCount++;
                if (TarEntryRules.Violation(entry) is { } violation)
                {
                    summary.Problems.Add(violation);
                    continue;
                }

                await ClassifyAsync(entry, summary, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            summary.Problems.Add($"Malformed tar archive after {summary.EntryCount} entries: {ex.Message}");
        }

        return summary;
    }

    private static async Task ClassifyAsync(TarEntry entry, ArchiveSummary summary, CancellationToken cancellationToken)
    {
        var name = entry.Name.TrimStart('.', '/');
        if (name == "config.json" && entry.DataStream is { } config)
        {
            await ReadConfigAsync(config, entry.Length, summary, cancellationToken).ConfigureAwait(false);
            return;
        }

        var match = ShardPath().Match(name);
        if (!match.Success)
        {
            return;
        }

        var shard = int.Parse(match.Groups["shard"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var rest = match.Groups["rest"].Value;
        if (rest == "shard_config.json")
        {
            summary.ShardDirectories.Add(shard);
        }
        else if (IsUnder(rest, "segments"))
        {
            summary.SawSegments(shard);
            if (rest.EndsWith(".tar", StringComparison.Ordinal) && entry.DataStream is { } segment)
            {
                summary.SegmentArchiveCount++;
                await InspectSegmentAsync(name, segment, summary, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (IsUnder(rest, "wal"))
        {
            summary.SawWal(shard);
        }
    }

    // "segments" or "segments/..." but not "segments_manifest.json": Qdrant tests for the directories.
    private static bool IsUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    private static async Task ReadConfigAsync(Stream config, long length, ArchiveSummary summary, CancellationToken cancellationToken)
    {
        summary.HasConfig = true;
        if (length > MaxConfigBytes)
        {
            summary.ConfigError = $"config.json is {length} bytes, more than a collection config can be.";
            return;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(config, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("params", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object
                && SnapshotConfigReader.Read(parameters) is { } parsed)
            {
                summary.Config = parsed;
                summary.ConfigShardNumber = (int)parsed.ShardNumber;
            }
            else
            {
                summary.ConfigError = "config.json has no params.shard_number (a positive integer).";
            }
        }
        catch (JsonException ex)
        {
            summary.ConfigError = $"config.json is not valid JSON: {ex.Message}";
        }
    }

    /// <summary>Reads a nested segment archive to its end: every header must parse and every entry obey the rules.</summary>
    private static async Task InspectSegmentAsync(string name, Stream segment, ArchiveSummary summary, CancellationToken cancellationToken)
    {
        try
        {
            await using var nested = new TarReader(new TarVerifyingStream(segment), leaveOpen: true);
            while (await nested.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } inner)
            {
                if (TarEntryRules.Violation(inner) is { } violation)
                {
                    summary.Problems.Add($"In segment archive '{name}': {violation}");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            summary.Problems.Add($"Segment archive '{name}' is not a readable tar: {ex.Message}");
        }
    }

    [GeneratedRegex(@"^(?<shard>\d{1,6})/(?<rest>.*)$")]
    private static partial Regex ShardPath();
}
