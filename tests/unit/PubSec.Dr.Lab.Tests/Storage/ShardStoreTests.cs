using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Points;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Tests.Storage;

/// <summary>
/// A replica's points file as concurrent readers see it. Reads take no lock (as Qdrant's reads do not wait for a
/// recovery elsewhere), so a recovery or transfer replacing a replica must never leave a moment without a file.
/// </summary>
public sealed class ShardStoreTests : IDisposable
{
    private int _reads;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"shardstore-{Guid.NewGuid():N}", "0");

    [Fact]
    public async Task Replace_never_leaves_a_reader_without_a_points_file()
    {
        ShardStore.Write(_directory, Points(0, 50));
        var errors = new List<Exception>();
        var counts = new HashSet<int>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var count = ShardStore.Read(_directory).Count;
                    lock (counts)
                    {
                        counts.Add(count);
                        _reads++;
                    }
                }
                catch (Exception e)
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }
            }
        });

        var reads = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; watch.Elapsed < TimeSpan.FromSeconds(1) || reads < 200; round++)
        {
            ShardStore.Replace(_directory, Points(0, round % 2 == 0 ? 70 : 50));
            lock (counts)
            {
                reads = _reads;
            }
        }

        stop.Cancel();
        await reader;
        Assert.Empty(errors);
        Assert.Equal(new HashSet<int> { 50, 70 }, counts);
    }

    [Fact]
    public void Replace_throws_away_the_old_wal_and_stray_files_and_installs_exactly_the_new_points()
    {
        ShardStore.Write(_directory, Points(0, 10));
        File.WriteAllText(Path.Combine(_directory, "wal", "open-7"), "old entries");
        File.WriteAllText(Path.Combine(_directory, "leftover.bin"), "x");

        ShardStore.Replace(_directory, Points(100, 3));

        Assert.Equal([100UL, 101UL, 102UL], ShardStore.Read(_directory).Select(p => p.Id.Number!.Value));
        Assert.False(File.Exists(Path.Combine(_directory, "leftover.bin")));
        Assert.False(File.Exists(Path.Combine(_directory, "wal", "open-7")));
        Assert.True(File.Exists(Path.Combine(_directory, "wal", "first-index")));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    private static IEnumerable<StoredPoint> Points(ulong first, int count) =>
        Enumerable.Range(0, count).Select(i => new StoredPoint(
            PointId.FromNumber(first + (ulong)i), 1, new Dictionary<string, float[]> { [""] = [0.1f, 0.2f] }, new JsonObject()));
}
