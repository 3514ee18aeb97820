using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Rest;
using static PubSec.Dr.Lab.Grpc.GrpcCollectionsService;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>The two unauthenticated health checks: qdrant.Qdrant/HealthCheck and grpc.health.v1.Health/Check.</summary>
internal static class GrpcHealthService
{
    /// <summary>grpc.health.v1.HealthCheckResponse { status: SERVING } hand-encoded: field 1, varint 1.</summary>
    private static readonly byte[] Serving = [0x08, 0x01];

    public static void Register(GrpcRouter router, LabCluster cluster)
    {
        router.Add(Proto.Qdrant.Descriptor, "HealthCheck", GrpcAccess.Open, (_, _, _) => Reply(new Proto.HealthCheckReply
        {
            Title = ServiceRoutes.Title,
            Version = cluster.Options.Version,
            Commit = ServiceRoutes.Commit,
        }));
        router.AddRaw("/grpc.health.v1.Health/Check", GrpcAccess.Open, Serving);
    }
}
