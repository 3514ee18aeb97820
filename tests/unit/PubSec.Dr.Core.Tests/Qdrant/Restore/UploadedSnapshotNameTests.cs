using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Tests.Qdrant.Restore;

/// <summary>The names restores upload under: never one an operator's snapshot can have, and recognised exactly.</summary>
public sealed class UploadedSnapshotNameTests
{
    [Fact]
    public void Every_restore_gets_its_own_name_per_node()
    {
        var first = UploadedSnapshotName.NewToken();
        var second = UploadedSnapshotName.NewToken();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal($"pubsec-dr-upload-{first}-node2.snapshot", UploadedSnapshotName.For(first, 2));
        Assert.True(UploadedSnapshotName.IsUpload(UploadedSnapshotName.For(first, 0)));
        Assert.True(UploadedSnapshotName.IsUpload(UploadedSnapshotName.For(second, 12)));
    }

    [Theory]
    // Names Qdrant gives collection snapshots (reference §5.2), also for collections named like the prefix.
    [InlineData("documents-5503872196711430-2026-03-01-10-15-42.snapshot")]
    [InlineData("pubsec-dr-upload-5503872196711430-2026-03-01-10-15-42.snapshot")]
    [InlineData("pubsec-dr-upload-0123456789abcdef0123456789abcdef-node0-5503872196711430-2026-03-01-10-15-42.snapshot")]
    [InlineData("full-snapshot-2026-03-01-10-15-42.snapshot")]
    // Near misses: the module deletes exactly its own form and nothing else.
    [InlineData("pubsec-dr-upload-0123456789abcdef0123456789abcdef-node0.snapshot.checksum")]
    [InlineData("pubsec-dr-upload-0123456789ABCDEF0123456789ABCDEF-node0.snapshot")]
    [InlineData("pubsec-dr-upload-0123456789abcdef0123456789abcde-node0.snapshot")]
    [InlineData("pubsec-dr-upload-0123456789abcdef0123456789abcdef-node.snapshot")]
    [InlineData("my-pubsec-dr-upload-0123456789abcdef0123456789abcdef-node0.snapshot")]
    [InlineData("pubsec-dr-upload-0123456789abcdef0123456789abcdef-node0.snapshot\n")]
    public void Names_the_module_did_not_give_are_never_taken_for_uploads(string name) =>
        Assert.False(UploadedSnapshotName.IsUpload(name));
}
