using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Tests.Qdrant.Restore;

public sealed class ShardAssignmentTests
{
    [Fact]
    public void ReplicationFactor2_ThreeShardsThreeNodes_TwoPartsCoverEveryShard_TheFirstWhole()
    {
        var parts = new[] { Part((0, 100), (1, 100)), Part((1, 100), (2, 100)), Part((2, 100), (0, 100)) };

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 0, 1 }, assigned[0].ToArray());
        Assert.Equal(new[] { 2 }, assigned[1].ToArray());
        Assert.Empty(assigned[2]);
    }

    [Fact]
    public void ReplicationFactor3_EveryNodeHoldsEveryShard_OnlyTheFirstPartIsSent()
    {
        var parts = Enumerable.Range(0, 3).Select(_ => Part((0, 500), (1, 480), (2, 510))).ToArray();

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 0, 1, 2 }, assigned[0].ToArray());
        Assert.All(assigned.Skip(1), Assert.Empty);
    }

    [Fact]
    public void OneShardReplicatedThreeTimes_OnePartRestoresIt_TheOthersAreNotSent()
    {
        var parts = Enumerable.Range(0, 3).Select(_ => Part((0, 1000))).ToArray();

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(1, assigned.Count(a => a.Count > 0));
        Assert.Equal(2, assigned.Count(a => a.Count == 0));
    }

    [Fact]
    public void ThePartRestoringTheMostGoesFirst_EvenWhenItIsNotTheFirstPart()
    {
        var parts = new[] { Part((0, 100)), Part((0, 100), (1, 60), (2, 50)), Part((2, 50)) };

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Empty(assigned[0]);
        Assert.Equal(new[] { 0, 1, 2 }, assigned[1].ToArray());
        Assert.Empty(assigned[2]);
    }

    [Fact]
    public void LargerShardsWeighMore_ThanMoreShards()
    {
        // Part 0 holds two small shards, part 1 one large one and one of the small ones: the large one goes first.
        var parts = new[] { Part((0, 10), (1, 10)), Part((1, 10), (2, 1000)) };

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 1, 2 }, assigned[1].ToArray());
        Assert.Equal(new[] { 0 }, assigned[0].ToArray());
    }

    [Fact]
    public void OnEqualGain_ThePartThatCanGoWholeIsPreferred()
    {
        // After part 0, shard 2 is missing: part 1 would have to drop shard 1 (filtered), part 2 holds only shard 2.
        var parts = new[] { Part((0, 100), (1, 100)), Part((1, 100), (2, 100)), Part((2, 100)) };

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 0, 1 }, assigned[0].ToArray());
        Assert.Empty(assigned[1]);
        Assert.Equal(new[] { 2 }, assigned[2].ToArray());
    }

    [Fact]
    public void AReplicaThatWasNotActive_IsNotRestoredWhenAnActiveOneHasData()
    {
        // Part 0 could restore both shards whole, but its copy of shard 1 was Dead when the snapshot was taken.
        var parts = new[] { Part((0, 100), (1, 100)), Part((1, 100)) };
        parts[0].Shards[1].State = "Dead";

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 0 }, assigned[0].ToArray());
        Assert.Equal(new[] { 1 }, assigned[1].ToArray());
    }

    [Fact]
    public void AShardWithNoActiveReplicaAnywhere_IsStillRestoredFromOneThatHasData()
    {
        var parts = new[] { Part((0, 100), (1, 100)), Part((1, 100)) };
        parts[0].Shards[1].State = "Partial";
        parts[1].Shards[0].State = "Dead";

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Equal(new[] { 0, 1 }, assigned[0].ToArray());
        Assert.Empty(assigned[1]);
    }

    [Fact]
    public void ShardOnlyOnePartHasDataFor_GoesToThatPart()
    {
        var parts = new[] { Part((0, 10)), Part((1, 10), (0, 10)), Part((1, 10)) };
        parts[0].Shards = [.. parts[0].Shards, new QdrantPartShard { ShardId = 2, PointCount = 10, HasData = false }];
        parts[2].Shards = [.. parts[2].Shards, new QdrantPartShard { ShardId = 2, PointCount = 10, HasData = true }];

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.Contains(2, assigned[2]);
        Assert.DoesNotContain(2, assigned[0]);
    }

    [Fact]
    public void ManifestWithoutShardRecords_CannotBeAssigned()
    {
        var parts = new[] { Part((0, 10)), new QdrantBackupPart { Key = "parts/node1.snapshot" } };

        Assert.Null(ShardAssignment.Assign(parts));
    }

    private static void AssertEveryDataShardOnce(IReadOnlyList<QdrantBackupPart> parts, IReadOnlyList<IReadOnlySet<int>> assigned)
    {
        var withData = parts.SelectMany(p => p.Shards.Where(s => s.HasData).Select(s => s.ShardId)).Distinct().Order().ToArray();
        Assert.Equal(withData, assigned.SelectMany(a => a).Order().ToArray());
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.All(assigned[i], shard => Assert.Contains(parts[i].Shards, s => s.ShardId == shard && s.HasData));
        }
    }

    private static QdrantBackupPart Part(params (int Shard, long Points)[] shards) => new()
    {
        Key = "parts/node.snapshot",
        Shards = shards.Select(s => new QdrantPartShard { ShardId = s.Shard, PointCount = s.Points, HasData = true, State = "Active" }).ToArray(),
    };
}
