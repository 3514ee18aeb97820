using System.Formats.Tar;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>
/// A shard's nested segment tar (<c>&lt;shard&gt;/segments/&lt;uuid&gt;.tar</c>), holding <c>snapshot/files/…</c> as
/// Qdrant's do. Inside: the emulator's own format, the points as JSON lines plus a small descriptor.
/// A segment without <c>points.jsonl</c> (e.g. from a real Qdrant) recovers as zero points.
/// </summary>
internal static class SegmentArchive
{
    public const string PointsEntry = "snapshot/files/points.jsonl";
    public const string DescriptorEntry = "snapshot/files/segment.json";

    public static void Write(string path, IReadOnlyList<StoredPoint> points)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var tar = new TarWriter(file, TarEntryFormat.Gnu);
        TarEntries.Directory(tar, "snapshot/");
        TarEntries.Directory(tar, "snapshot/files/");
        TarEntries.Text(tar, DescriptorEntry, $"{{\"format\":\"pubsec-lab-points\",\"version\":1,\"points\":{points.Count}}}");
        TarEntries.Text(tar, PointsEntry, string.Concat(points.Select(p => p.ToJsonLine() + "\n")));
    }

    public static IReadOnlyList<StoredPoint> Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var tar = new TarReader(file);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.Name == PointsEntry && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data);
                    var points = new List<StoredPoint>();
                    while (reader.ReadLine() is { } line)
                    {
                        if (line.Length > 0)
                        {
                            points.Add(StoredPoint.FromJsonLine(line));
                        }
                    }

                    return points;
                }
            }

            return [];
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or System.Text.Json.JsonException)
        {
            throw QdrantException.Service($"Malformed segment archive {Path.GetFileName(path)}: {ex.Message}");
        }
    }
}
