using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Backup;

/// <summary>The next backup removes exactly the server snapshots a killed run recorded in its lease, never an operator's.</summary>
public sealed class DeadRunSnapshotsTests : IDisposable
{
    private readonly FakeQdrantNode _node = new("docs", 5503872196711430);
    private readonly QdrantRestClient _client;
    private readonly QdrantBackupPlan _plan;
    private readonly WarningLog _log = new();

    public DeadRunSnapshotsTests()
    {
        _client = new QdrantRestClient(_node.Uri, apiKey: null);
        _plan = new QdrantBackupPlan("docs", new QdrantCollectionConfig { ShardNumber = 1 }, "1.20.0", 100, [new QdrantNodeView(0, _client, _node.PeerId, [])]);
    }

    public void Dispose()
    {
        _client.Dispose();
        _node.Dispose();
    }

    [Fact]
    public async Task RemovesTheRecordedSnapshots_AndLeavesEveryOtherOne()
    {
        var killedRuns = _node.NameAt(new DateTime(2026, 11, 20, 16, 0, 1, DateTimeKind.Utc));
        var operators = _node.NameAt(new DateTime(2026, 11, 20, 16, 0, 2, DateTimeKind.Utc));
        var handMade = "docs-before-the-upgrade.snapshot";
        _node.Add(killedRuns);
        _node.Add(operators);
        _node.Add(handMade);
        var alreadyGone = _node.NameAt(new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc));
        var lease = new LeaseRecord
        {
            ServerSnapshots =
            [
                new(_node.PeerId, "http://qdrant-0:6333", "docs", killedRuns),
                new(_node.PeerId, "http://qdrant-0:6333", "docs", alreadyGone),
                // A tampered lease cannot make the module delete a snapshot it does not make.
                new(_node.PeerId, "http://qdrant-0:6333", "docs", handMade),
            ],
        };

        var allGone = await new DeadRunSnapshots(_plan, _log).RemoveAsync(lease, CancellationToken.None);

        Assert.True(allGone);
        Assert.Equal([operators, handMade], _node.Names().Order(StringComparer.Ordinal));
        Assert.Equal([killedRuns, alreadyGone], _node.Deleted);
        Assert.Contains(_log.Warnings, w => w.Contains(handMade, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASnapshotOnAPeerThatIsNotAmongTheNodes_IsReportedNotGuessed()
    {
        var lease = new LeaseRecord { ServerSnapshots = [new(42, "http://qdrant-9:6333", "docs", "docs-42-2026-11-20-16-00-01.snapshot")] };

        await new DeadRunSnapshots(_plan, _log).RemoveAsync(lease, CancellationToken.None);

        Assert.Empty(_node.Deleted);
        Assert.Contains(_log.Warnings, w => w.Contains("peer 42", StringComparison.Ordinal));
    }
}
