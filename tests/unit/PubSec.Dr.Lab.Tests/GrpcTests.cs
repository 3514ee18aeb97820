using System.Net;
using Grpc.Core;
using PubSec.Dr.Lab.Tests.TestSupport;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §8 with the real Qdrant.Client 1.20: every call the module makes, errors and auth.</summary>
[Collection(SharedLab.Name)]
public sealed class GrpcTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Health_check_needs_no_key_and_reports_the_version()
    {
        var reply = await Lab.Grpc(0, key: null).HealthAsync();

        Assert.Equal("qdrant - vector search engine", reply.Title);
        Assert.Equal("1.19.0", reply.Version);
    }

    [Fact]
    public async Task Collection_lifecycle_points_and_reads_match_rest()
    {
        var name = SharedLab.NewCollection();
        var client = Lab.Grpc(1);
        await client.CreateCollectionAsync(name, new VectorParams { Size = 4, Distance = Distance.Cosine }, shardNumber: 3, replicationFactor: 2);
        var points = Enumerable.Range(1, 12).Select(i => new PointStruct
        {
            Id = (ulong)i,
            Vectors = new[] { 1f, i, 0f, 0f },
            Payload = { ["n"] = i, ["tag"] = i % 2 == 0 ? "even" : "odd" },
        }).ToList();
        await client.UpsertAsync(name, points);

        Assert.True(await client.CollectionExistsAsync(name));
        Assert.Contains(name, await client.ListCollectionsAsync());
        Assert.Equal(12UL, await client.CountAsync(name, exact: true));
        Assert.Equal(6UL, await client.CountAsync(name, MatchKeyword("tag", "even")));
        var info = await client.GetCollectionInfoAsync(name);
        Assert.Equal(12UL, info.PointsCount);
        Assert.Equal(3U, info.Config.Params.ShardNumber);
        Assert.Equal(2U, info.Config.Params.ReplicationFactor);
        Assert.Equal(4UL, info.Config.Params.VectorsConfig.Params.Size);
        Assert.Equal(Distance.Cosine, info.Config.Params.VectorsConfig.Params.Distance);

        var page = await client.ScrollAsync(name, limit: 5);
        Assert.Equal([1UL, 2, 3, 4, 5], page.Result.Select(p => p.Id.Num));
        Assert.Equal(6UL, page.NextPageOffset.Num);
        Assert.Equal(1, page.Result[0].Payload["n"].IntegerValue);

#pragma warning disable CS0618 // SearchAsync is what the lab serves (Points/Search); QueryAsync is a different RPC.
        var hits = await client.SearchAsync(name, new[] { 1f, 12f, 0f, 0f }, limit: 2, payloadSelector: true);
#pragma warning restore CS0618
        Assert.Equal(12UL, hits[0].Id.Num);
        Assert.Equal("even", hits[0].Payload["tag"].StringValue);
        Assert.True(hits[0].Score > hits[1].Score);

        var cluster = await client.GetCollectionClusterSetupInfoAsync(name);
        Assert.Equal(Lab.PeerId(1), cluster.PeerId);
        Assert.Equal(3UL, cluster.ShardCount);
        Assert.Equal(2, cluster.LocalShards.Count);
        Assert.All(cluster.LocalShards, s => Assert.Equal(ReplicaState.Active, s.State));

        await client.DeleteCollectionAsync(name);
        Assert.False(await client.CollectionExistsAsync(name));
    }

    [Fact]
    public async Task Snapshots_are_created_listed_and_deleted_like_over_rest()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(2);
        await rest.CreateCollectionAsync(name);
        var client = Lab.Grpc(2);

        var created = await client.CreateSnapshotAsync(name);
        var listed = await client.ListSnapshotsAsync(name);
        var bytes = await rest.DownloadAsync(name, created.Name);

        Assert.StartsWith($"{name}-{Lab.PeerId(2)}-", created.Name, StringComparison.Ordinal);
        Assert.Equal(bytes.Length, created.Size);
        Assert.Equal(TarFiles.Sha256(bytes), created.Checksum);
        Assert.NotNull(created.CreationTime);
        Assert.Equal(created.Name, Assert.Single(listed).Name);

        await client.DeleteSnapshotAsync(name, created.Name);
        Assert.Empty(await client.ListSnapshotsAsync(name));
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.DeleteSnapshotAsync(name, created.Name));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal($"Not found: Snapshot {created.Name} not found", missing.Status.Detail);
    }

    [Fact]
    public async Task Missing_collection_is_not_found_with_the_rest_text()
    {
        var name = SharedLab.NewCollection("missing");
        var error = await Assert.ThrowsAsync<RpcException>(() => Lab.Grpc(0).GetCollectionInfoAsync(name));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal($"Not found: Collection `{name}` doesn't exist!", error.Status.Detail);
    }

    [Fact]
    public async Task Missing_or_wrong_keys_are_unauthenticated_and_the_read_only_key_cannot_write()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => Lab.Grpc(0, key: null).ListCollectionsAsync());
        var wrong = await Assert.ThrowsAsync<RpcException>(() => Lab.Grpc(0, key: "nope").ListCollectionsAsync());
        var readOnly = Lab.Grpc(0, LabInstance.ReadOnlyKey);
        await readOnly.ListCollectionsAsync();
        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            readOnly.CreateCollectionAsync(SharedLab.NewCollection(), new VectorParams { Size = 4, Distance = Distance.Dot }));

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal("Must provide an API key or an Authorization bearer token", missing.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal("Invalid API key or JWT", wrong.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("Forbidden: Global manage access is required", denied.Status.Detail);
    }

    [Fact]
    public async Task Standard_grpc_health_check_is_served_on_the_wire()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Lab.GrpcUri(0), "/grpc.health.v1.Health/Check"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }, body);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }
}
