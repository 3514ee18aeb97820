using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>A ledger is read from a store others can write: removers delete only what a drill could have made.</summary>
public sealed class DrillRemoverTests
{
    private static readonly DrEnvironment Environment = DrEnvironmentLoader.Parse(
        """{ "name": "lab", "regions": { "primary": { "qdrant": { "rest": ["http://127.0.0.1:1"] } } } }""", "/tmp/env.json");

    [Fact]
    public async Task A_drill_folder_is_deleted_and_one_already_gone_is_no_error()
    {
        using var root = new TempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(root.Path, "pubsec-dr-drill-abc-redis-cache")).FullName;
        File.WriteAllText(Path.Combine(folder, "dump.rdb"), "x");
        var resource = new DrillResource { Kind = LocalDirectoryRemover.ResourceKind, Name = folder };

        await new LocalDirectoryRemover().RemoveAsync(Environment, resource, CancellationToken.None);
        await new LocalDirectoryRemover().RemoveAsync(Environment, resource, CancellationToken.None);

        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("/var/lib/redis")]
    [InlineData("relative/pubsec-dr-drill-abc")]
    public async Task A_folder_not_named_as_a_drills_is_refused(string path)
    {
        var error = await Assert.ThrowsAsync<DrException>(() =>
            new LocalDirectoryRemover().RemoveAsync(Environment, new DrillResource { Kind = LocalDirectoryRemover.ResourceKind, Name = path }, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
    }

    [Theory]
    [InlineData("documents")]
    [InlineData("pubsec-dr-scratch-0123456789ab")]
    public async Task A_collection_not_named_as_a_drills_is_refused_before_any_connection(string name)
    {
        var error = await Assert.ThrowsAsync<DrException>(() => new QdrantCollectionRemover(BackendFactory.Default, NullOperationLog.Instance)
            .RemoveAsync(Environment, new DrillResource { Kind = QdrantCollectionRemover.ResourceKind, Region = "primary", Name = name }, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pubsec-info-assistant")]
    [InlineData("kube-system")]
    public async Task A_namespace_not_named_as_a_drills_is_refused_before_any_connection(string name)
    {
        var error = await Assert.ThrowsAsync<DrException>(() => new NamespaceRemover(BackendFactory.Default)
            .RemoveAsync(Environment, new DrillResource { Kind = NamespaceRemover.ResourceKind, Region = "primary", Name = name }, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
