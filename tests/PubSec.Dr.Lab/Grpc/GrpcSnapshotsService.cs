using PubSec.Dr.Lab.Engine;
using static PubSec.Dr.Lab.Grpc.GrpcCollectionsService;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>qdrant.Snapshots: Create (always waits: the gRPC request has no wait flag), List, Delete.</summary>
internal static class GrpcSnapshotsService
{
    public static void Register(GrpcRouter router, SnapshotService snapshots)
    {
        var service = Proto.Snapshots.Descriptor;
        router.Add(service, "Create", GrpcAccess.Write, async (request, started, _) =>
        {
            var name = ((Proto.CreateSnapshotRequest)request).CollectionName;
            var created = await Task.Run(() => snapshots.Create(name)).ConfigureAwait(false);
            return new Proto.CreateSnapshotResponse { SnapshotDescription = GrpcCollectionConversions.ToGrpc(created), Time = Seconds(started) };
        });
        router.Add(service, "List", GrpcAccess.Read, (request, started, _) => Reply(new Proto.ListSnapshotsResponse
        {
            SnapshotDescriptions = { snapshots.List(((Proto.ListSnapshotsRequest)request).CollectionName).Select(GrpcCollectionConversions.ToGrpc) },
            Time = Seconds(started),
        }));
        router.Add(service, "Delete", GrpcAccess.Write, (request, started, _) =>
        {
            var delete = (Proto.DeleteSnapshotRequest)request;
            snapshots.Delete(delete.CollectionName, delete.SnapshotName);
            return Reply(new Proto.DeleteSnapshotResponse { Time = Seconds(started) });
        });
    }
}
