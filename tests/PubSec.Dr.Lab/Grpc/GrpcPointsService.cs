using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;
using static PubSec.Dr.Lab.Grpc.GrpcCollectionsService;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>qdrant.Points: Upsert, Count (always exact), Scroll and Search — over the shared engine.</summary>
internal static class GrpcPointsService
{
    public static void Register(GrpcRouter router, PointService points, CollectionService collections)
    {
        var service = Proto.Points.Descriptor;
        router.Add(service, "Upsert", GrpcAccess.Write, (request, started, _) =>
        {
            var upsert = (Proto.UpsertPoints)request;
            var result = points.Upsert(upsert.CollectionName, upsert.Points.Select(GrpcPointConversions.ToInput).ToList(), !upsert.HasWait || upsert.Wait);
            return Reply(new Proto.PointsOperationResponse
            {
                Result = new Proto.UpdateResult
                {
                    OperationId = result.OperationId,
                    Status = result.Waited ? Proto.UpdateStatus.Completed : Proto.UpdateStatus.Acknowledged,
                },
                Time = Seconds(started),
            });
        });
        router.Add(service, "Count", GrpcAccess.Read, (request, started, _) =>
        {
            var count = (Proto.CountPoints)request;
            return Reply(new Proto.CountResponse
            {
                Result = new Proto.CountResult { Count = points.Count(count.CollectionName, GrpcPointConversions.ToFilter(count.Filter)) },
                Time = Seconds(started),
            });
        });
        router.Add(service, "Scroll", GrpcAccess.Read, (request, started, _) =>
        {
            var scroll = (Proto.ScrollPoints)request;
            var config = collections.Get(scroll.CollectionName).Config.Vectors;
            var offset = scroll.Offset is null ? (PointId?)null : GrpcPointConversions.ToId(scroll.Offset);
            var page = points.Scroll(scroll.CollectionName, GrpcPointConversions.ToFilter(scroll.Filter), offset,
                scroll.HasLimit ? (int)Math.Max(1, scroll.Limit) : 10);
            var payload = GrpcPointConversions.ToSelector(scroll.WithPayload, PayloadSelector.All);
            var withVectors = GrpcPointConversions.WithVectors(scroll.WithVectors);
            var response = new Proto.ScrollResponse { Time = Seconds(started) };
            if (page.NextOffset is { } next)
            {
                response.NextPageOffset = GrpcPointConversions.ToGrpc(next);
            }

            foreach (var point in page.Points)
            {
                var retrieved = new Proto.RetrievedPoint { Id = GrpcPointConversions.ToGrpc(point.Id) };
                GrpcPointConversions.Fill(retrieved.Payload, payload.Apply(point.Payload));
                if (withVectors)
                {
                    retrieved.Vectors = GrpcPointConversions.VectorsOutput(point, config);
                }

                response.Result.Add(retrieved);
            }

            return Reply(response);
        });
        router.Add(service, "Search", GrpcAccess.Read, (request, started, _) =>
        {
            var search = (Proto.SearchPoints)request;
            var config = collections.Get(search.CollectionName).Config.Vectors;
            var query = new SearchQuery(
                search.HasVectorName ? search.VectorName : VectorsConfig.DefaultName,
                search.Vector.ToArray(),
                (int)search.Limit,
                search.HasOffset ? (int)search.Offset : 0,
                GrpcPointConversions.ToFilter(search.Filter),
                search.HasScoreThreshold ? search.ScoreThreshold : null);
            var payload = GrpcPointConversions.ToSelector(search.WithPayload, PayloadSelector.None);
            var withVectors = GrpcPointConversions.WithVectors(search.WithVectors);
            var response = new Proto.SearchResponse { Time = Seconds(started) };
            foreach (var hit in points.Search(search.CollectionName, query))
            {
                var scored = new Proto.ScoredPoint { Id = GrpcPointConversions.ToGrpc(hit.Point.Id), Score = hit.Score, Version = hit.Point.Version };
                GrpcPointConversions.Fill(scored.Payload, payload.Apply(hit.Point.Payload));
                if (withVectors)
                {
                    scored.Vectors = GrpcPointConversions.VectorsOutput(hit.Point, config);
                }

                response.Result.Add(scored);
            }

            return Reply(response);
        });
    }
}
