using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Backup;

/// <summary>
/// Which new snapshot is this run's: another run (a concurrent backup of the same collection, perhaps into another
/// store) or an operator may make one of the same peer at the same time, and its file must never be taken for ours.
/// </summary>
public sealed class SnapshotPollerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FakeQdrantNode _node = new("docs", 5503872196711430);
    private readonly QdrantRestClient _client;

    public SnapshotPollerTests() => _client = new QdrantRestClient(_node.Uri, apiKey: null);

    public void Dispose()
    {
        _client.Dispose();
        _node.Dispose();
    }

    [Fact]
    public async Task TwoNewSnapshotsBegunInItsWindow_FailWithQdrantSnapshotAmbiguous()
    {
        _node.OnCreate = () =>
        {
            _node.Add(_node.NameAt(DateTime.UtcNow));
            _node.Add(_node.NameAt(DateTime.UtcNow.AddSeconds(-1)), size: 2000);
        };

        var error = await Assert.ThrowsAsync<DrException>(() => Poller().CreateAsync(Timeout, CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantSnapshotAmbiguous, error.ErrorId);
        Assert.All(_node.Names(), name => Assert.Contains(name, error.Message));
        Assert.Empty(_node.Deleted);
    }

    [Fact]
    public async Task ASnapshotBegunBeforeItsWindow_IsNotTakenForItsOwn_ItWaitsForItsOwn()
    {
        // Another run's snapshot, begun a minute earlier, completes right after this run's create call; this run's comes later.
        var other = _node.NameAt(DateTime.UtcNow.AddMinutes(-1));
        string? ours = null;
        _node.OnCreate = () =>
        {
            _node.Add(other);
            _ = Task.Delay(500).ContinueWith(_ => _node.Add(ours = _node.NameAt(DateTime.UtcNow)), TaskScheduler.Default);
        };

        var taken = await Poller().CreateAsync(Timeout, CancellationToken.None);

        Assert.Equal(ours, taken.Name);
        Assert.NotEqual(other, taken.Name);
    }

    [Fact]
    public async Task ASnapshotBegunInItsWindowThatAppearsAfterItsFileWasTaken_FailsTheConfirmation()
    {
        // This run took the first file to appear; a second one begun in the same window appears later: the first may
        // have been another run's, and this run's own the second.
        _node.OnCreate = () => _node.Add(_node.NameAt(DateTime.UtcNow));
        var poller = Poller();
        var taken = await poller.CreateAsync(Timeout, CancellationToken.None);
        _node.Add(_node.NameAt(DateTime.UtcNow.AddSeconds(-1)), size: 2000);

        var error = await Assert.ThrowsAsync<DrException>(() => poller.ConfirmOwnAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantSnapshotAmbiguous, error.ErrorId);
        Assert.Contains(taken.Name, error.Message);
    }

    [Fact]
    public async Task ASnapshotBegunAfterItsWindow_AnOperatorsOwn_DoesNotFailTheConfirmation()
    {
        _node.OnCreate = () => _node.Add(_node.NameAt(DateTime.UtcNow));
        var poller = Poller();
        var taken = await poller.CreateAsync(Timeout, CancellationToken.None);
        _node.Add(_node.NameAt(DateTime.UtcNow.AddSeconds(10)));

        await poller.ConfirmOwnAsync(CancellationToken.None);

        Assert.Equal(taken, poller.Created);
    }

    [Fact]
    public async Task ItsOwnFileReplacedUnderTheSameName_FailsTheConfirmation()
    {
        // Two creates in the same second: the second overwrites the first under the same name (reference §2.1).
        string? name = null;
        _node.OnCreate = () => _node.Add(name = _node.NameAt(DateTime.UtcNow));
        var poller = Poller();
        await poller.CreateAsync(Timeout, CancellationToken.None);
        _node.Replace(name!, size: 4321);

        var error = await Assert.ThrowsAsync<DrException>(() => poller.ConfirmOwnAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantSnapshotAmbiguous, error.ErrorId);
    }

    private SnapshotPoller Poller() => new(_client, _node.Collection, _node.PeerId);
}
