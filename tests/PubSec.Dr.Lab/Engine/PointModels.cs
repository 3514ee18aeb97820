using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Points;

namespace PubSec.Dr.Lab.Engine;

/// <summary>A point to upsert: vectors by space name (empty name = the unnamed space) and its payload.</summary>
internal sealed record PointInput(PointId Id, IReadOnlyDictionary<string, float[]> Vectors, JsonObject Payload);

/// <summary>The result of a write: Qdrant's operation id and whether the caller waited ("completed") or not ("acknowledged").</summary>
internal sealed record UpdateResult(ulong OperationId, bool Waited);

/// <summary>One scroll page; <see cref="NextOffset"/> is the first id of the next page, null at the end.</summary>
internal sealed record ScrollPage(IReadOnlyList<StoredPoint> Points, PointId? NextOffset);

/// <summary>A search hit.</summary>
internal sealed record ScoredPoint(StoredPoint Point, float Score);

/// <summary>A brute-force nearest-neighbour query against one vector space.</summary>
internal sealed record SearchQuery(string VectorName, float[] Vector, int Limit, int Offset, PointFilter? Filter, float? ScoreThreshold);
