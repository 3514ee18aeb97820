using System.Diagnostics;
using Google.Protobuf;
using PubSec.Dr.Lab.Engine;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>qdrant.Collections: List, Get, CollectionExists, CollectionClusterInfo, Create, Delete — over the shared engine.</summary>
internal static class GrpcCollectionsService
{
    public static void Register(GrpcRouter router, CollectionService collections)
    {
        var service = Proto.Collections.Descriptor;
        router.Add(service, "List", GrpcAccess.Read, (_, started, _) => Reply(new Proto.ListCollectionsResponse
        {
            Collections = { collections.List().Select(name => new Proto.CollectionDescription { Name = name }) },
            Time = Seconds(started),
        }));
        router.Add(service, "Get", GrpcAccess.Read, (request, started, _) =>
        {
            var name = ((Proto.GetCollectionInfoRequest)request).CollectionName;
            var info = collections.Info(name);
            return Reply(new Proto.GetCollectionInfoResponse { Result = GrpcCollectionConversions.ToGrpc(info, info.Collection.CreatedAt), Time = Seconds(started) });
        });
        router.Add(service, "CollectionExists", GrpcAccess.Read, (request, started, _) => Reply(new Proto.CollectionExistsResponse
        {
            Result = new Proto.CollectionExists { Exists = collections.Exists(((Proto.CollectionExistsRequest)request).CollectionName) },
            Time = Seconds(started),
        }));
        router.Add(service, "CollectionClusterInfo", GrpcAccess.Read, (request, started, _) =>
        {
            var response = GrpcCollectionConversions.ToGrpc(collections.ClusterInfo(((Proto.CollectionClusterInfoRequest)request).CollectionName));
            response.Time = Seconds(started);
            return Reply(response);
        });
        router.Add(service, "Create", GrpcAccess.Write, (request, started, _) =>
        {
            var create = (Proto.CreateCollection)request;
            collections.Create(create.CollectionName, GrpcCollectionConversions.ToConfig(create));
            return Reply(new Proto.CollectionOperationResponse { Result = true, Time = Seconds(started) });
        });
        router.Add(service, "Delete", GrpcAccess.Write, (request, started, _) => Reply(new Proto.CollectionOperationResponse
        {
            Result = collections.Delete(((Proto.DeleteCollection)request).CollectionName),
            Time = Seconds(started),
        }));
    }

    internal static Task<IMessage> Reply(IMessage message) => Task.FromResult(message);

    internal static double Seconds(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;
}
