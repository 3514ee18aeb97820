using PubSec.Dr.Lab.Engine;
using static PubSec.Dr.Lab.Grpc.GrpcCollectionsService;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>qdrant.Snapshots, all six RPCs; creates always wait (the gRPC requests have no wait flag).</summary>
internal static class GrpcSnapshotsService
{
    public static void Register(GrpcRouter router, SnapshotService snapshots, FullSnapshotService fullSnapshots)
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
        router.Add(service, "CreateFull", GrpcAccess.Write, async (_, started, _) =>
        {
            var created = await Task.Run(fullSnapshots.Create).ConfigureAwait(false);
            return new Proto.CreateSnapshotResponse { SnapshotDescription = GrpcCollectionConversions.ToGrpc(created), Time = Seconds(started) };
        });
        router.Add(service, "ListFull", GrpcAccess.Read, (_, started, _) => Reply(new Proto.ListSnapshotsResponse
        {
            SnapshotDescriptions = { fullSnapshots.List().Select(GrpcCollectionConversions.ToGrpc) },
            Time = Seconds(started),
        }));
        router.Add(service, "DeleteFull", GrpcAccess.Write, (request, started, _) =>
        {
            fullSnapshots.Delete(((Proto.DeleteFullSnapshotRequest)request).SnapshotName);
            return Reply(new Proto.DeleteSnapshotResponse { Time = Seconds(started) });
        });
    }
}
