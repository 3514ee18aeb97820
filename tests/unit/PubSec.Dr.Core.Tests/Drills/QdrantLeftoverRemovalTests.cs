using System.Net;
using System.Reflection;
using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.Fakes;
using PubSec.Dr.Tests.Redis.Fakes;

namespace PubSec.Dr.Tests.Drills;

/// <summary>
/// A killed drill's collection on the sweep: Qdrant still recovers the uploads it had received, so the drop may be
/// refused while one writes, and the collection may come back after it. Both must end with the collection gone.
/// </summary>
public sealed class QdrantLeftoverRemovalTests
{
    private const string Name = "pubsec-dr-drill-0123456789ab-documents";

    private static readonly DrEnvironment Environment = DrEnvironmentLoader.Parse(
        """{ "name": "lab", "regions": { "primary": { "qdrant": { "rest": ["http://127.0.0.1:1"] } } } }""", "/tmp/env.json");

    private static readonly DrillResource Resource = new() { Kind = QdrantCollectionRemover.ResourceKind, Region = "primary", Name = Name };

    private static readonly LeftoverWatch Short = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_drop_Qdrant_refuses_while_a_recovery_writes_is_tried_again_until_the_collection_is_gone()
    {
        var cluster = new InMemoryQdrantCluster(3);
        cluster.Seed(Name, 10, 3);
        cluster.Nodes[0].DropFailures.Enqueue(DirectoryNotEmpty());
        cluster.Nodes[0].DropFailures.Enqueue(DirectoryNotEmpty());
        var log = new ListLog();

        await Remover(cluster, log, Short).RemoveLeftoverAsync(Environment, Resource, CancellationToken.None);

        Assert.Null(cluster.Find(Name));
        Assert.Equal(3, cluster.Nodes[0].DropCalls);
        Assert.Equal(2, log.Verbose.Count(v => v.Contains("trying again", StringComparison.Ordinal)));
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task A_collection_a_late_recovery_creates_again_after_the_drop_is_dropped_again()
    {
        var cluster = new InMemoryQdrantCluster(3);
        cluster.Seed(Name, 10, 3);
        var comeBacks = 2;
        cluster.Nodes[0].AfterDrop = name =>
        {
            // The recovery finishes right after the drop: the sweep's next look finds the collection again.
            if (comeBacks-- > 0)
            {
                cluster.Seed(name, 4, 3);
            }
        };
        var log = new ListLog();

        await Remover(cluster, log, Short).RemoveLeftoverAsync(Environment, Resource, CancellationToken.None);

        Assert.Null(cluster.Find(Name));
        Assert.Equal(3, cluster.Nodes[0].DropCalls);
        Assert.Equal(2, log.Verbose.Count(v => v.Contains("came back", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_drop_refused_for_longer_than_the_limit_fails_as_busy_and_names_the_collection()
    {
        var cluster = new InMemoryQdrantCluster(3);
        cluster.Seed(Name, 10, 3);
        for (var i = 0; i < 1000; i++)
        {
            cluster.Nodes[0].DropFailures.Enqueue(DirectoryNotEmpty());
        }

        var watch = Short with { Limit = TimeSpan.FromMilliseconds(200) };
        var error = await Assert.ThrowsAsync<DrException>(() => Remover(cluster, new ListLog(), watch).RemoveLeftoverAsync(Environment, Resource, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillCleanupFailed, error.ErrorId);
        Assert.Equal(DrErrorCategory.ResourceBusy, error.Category);
        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("Directory not empty", error.Message, StringComparison.Ordinal);
        Assert.NotNull(cluster.Find(Name));
    }

    [Fact]
    public async Task An_unreachable_node_fails_the_removal_at_once_without_waiting()
    {
        var cluster = new InMemoryQdrantCluster(3);
        cluster.Seed(Name, 10, 3);
        cluster.Nodes[0].DropFailures.Enqueue(QdrantErrors.Unreachable(cluster.Nodes[0].DisplayUri, new HttpRequestException("Connection refused")));

        var error = await Assert.ThrowsAsync<DrException>(() => Remover(cluster, new ListLog(), Short).RemoveLeftoverAsync(Environment, Resource, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillCleanupFailed, error.ErrorId);
        Assert.Equal(DrErrorCategory.ConnectionError, error.Category);
        Assert.Equal(1, cluster.Nodes[0].DropCalls);
        Assert.NotNull(cluster.Find(Name));
    }

    [Fact]
    public async Task A_collection_already_gone_is_removed_without_error()
    {
        var cluster = new InMemoryQdrantCluster(3);
        cluster.Nodes[0].DropFailures.Enqueue(QdrantErrors.CollectionNotFound(cluster.Nodes[0].DisplayUri, Name, $"Collection `{Name}` doesn't exist!"));

        await Remover(cluster, new ListLog(), Short).RemoveLeftoverAsync(Environment, Resource, CancellationToken.None);

        Assert.Null(cluster.Find(Name));
    }

    private static DrException DirectoryNotEmpty() =>
        QdrantErrors.FromStatus("http://qdrant-0.fake:6333/", HttpStatusCode.InternalServerError, "Service internal error: Directory not empty (os error 39)", Name);

    private static QdrantCollectionRemover Remover(InMemoryQdrantCluster cluster, ListLog log, LeftoverWatch watch) =>
        new(QdrantOnly.Create(cluster), log) { Watch = watch };

    /// <summary>An IBackendFactory whose Qdrant connections all reach the in-memory cluster; anything else fails the test.</summary>
    private class QdrantOnly : DispatchProxy
    {
        private InMemoryQdrantCluster _cluster = null!;

        public static IBackendFactory Create(InMemoryQdrantCluster cluster)
        {
            var proxy = Create<IBackendFactory, QdrantOnly>();
            ((QdrantOnly)(object)proxy)._cluster = cluster;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            nameof(IQdrantConnector.Qdrant) => _cluster,
            _ => throw new NotSupportedException($"Removing a leftover collection should not call {method?.Name}."),
        };
    }
}
