using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Tests.Qdrant.Restore;

public sealed class ShardAssignmentTests
{
    [Fact]
    public void ReplicationFactor2_ThreeShardsThreeNodes_EveryShardOnceOnePerNode()
    {
        var parts = new[] { Part((0, 100), (1, 100)), Part((1, 100), (2, 100)), Part((2, 100), (0, 100)) };

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.All(assigned, shards => Assert.Single(shards));
    }

    [Fact]
    public void ReplicationFactor3_EveryNodeHoldsEveryShard_BytesSpreadOverAllNodes()
    {
        var parts = Enumerable.Range(0, 3).Select(_ => Part((0, 500), (1, 480), (2, 510))).ToArray();

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        Assert.All(assigned, shards => Assert.Single(shards));
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
    public void UnequalShards_GreedyByLargestFirst_BalancesTheLoad()
    {
        var parts = Enumerable.Range(0, 2).Select(_ => Part((0, 100), (1, 60), (2, 50), (3, 40))).ToArray();

        var assigned = ShardAssignment.Assign(parts)!;

        AssertEveryDataShardOnce(parts, assigned);
        var loads = assigned.Select(a => a.Sum(s => new[] { 100, 60, 50, 40 }[s])).Order().ToArray();
        Assert.Equal([110, 140], loads);
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
