using System.Buffers.Binary;
using PubSec.Dr.Lab.Points;

namespace PubSec.Dr.Lab.Storage;

/// <summary>
/// The emulator's point storage for one replica: <c>&lt;shard dir&gt;/points.jsonl</c> (one JSON line per point,
/// ids ascending) next to a small <c>wal/</c>. Read from disk on every request, never cached, so deleting a
/// shard directory really loses that replica's data.
/// </summary>
internal static class ShardStore
{
    public const string PointsFileName = "points.jsonl";

    public static bool Exists(string shardDirectory) => Directory.Exists(shardDirectory);

    public static IReadOnlyList<StoredPoint> Read(string shardDirectory)
    {
        var file = Path.Combine(shardDirectory, PointsFileName);
        if (!File.Exists(file))
        {
            return [];
        }

        return File.ReadLines(file).Where(line => line.Length > 0).Select(StoredPoint.FromJsonLine).ToList();
    }

    public static void Write(string shardDirectory, IEnumerable<StoredPoint> points)
    {
        EnsureLayout(shardDirectory);
        var lines = points.OrderBy(p => p.Id).Select(p => p.ToJsonLine());
        AtomicFile.Write(Path.Combine(shardDirectory, PointsFileName), temp => File.WriteAllLines(temp, lines));
    }

    /// <summary>An empty replica, as a freshly created collection has.</summary>
    public static void CreateEmpty(string shardDirectory)
    {
        EnsureLayout(shardDirectory);
        if (!File.Exists(Path.Combine(shardDirectory, PointsFileName)))
        {
            Write(shardDirectory, []);
        }
    }

    /// <summary>
    /// Throws away whatever the replica held and installs <paramref name="points"/> (recovery, shard transfer).
    /// The points file is swapped by one rename, never deleted first: a read that picked this replica just before
    /// a recovery marked it must see the old or the new points, not a missing file (a 500 the suite once hit).
    /// </summary>
    public static void Replace(string shardDirectory, IEnumerable<StoredPoint> points)
    {
        var materialized = points.ToList();
        if (Directory.Exists(shardDirectory))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(shardDirectory))
            {
                if (Path.GetFileName(entry) == PointsFileName)
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        Write(shardDirectory, materialized);
    }

    public static void DeleteCollection(NodePaths paths, string collection)
    {
        var directory = paths.CollectionDirectory(collection);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The WAL folder Qdrant keeps per shard: a first-index marker and an open segment.</summary>
    private static void EnsureLayout(string shardDirectory)
    {
        var wal = Path.Combine(shardDirectory, "wal");
        Directory.CreateDirectory(wal);
        var firstIndex = Path.Combine(wal, "first-index");
        if (!File.Exists(firstIndex))
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1);
            File.WriteAllBytes(firstIndex, bytes);
            File.WriteAllBytes(Path.Combine(wal, "open-1"), []);
        }
    }
}
