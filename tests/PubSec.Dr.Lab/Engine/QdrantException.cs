using Grpc.Core;

namespace PubSec.Dr.Lab.Engine;

/// <summary>
/// An error as Qdrant reports it: the display text carries Qdrant's prefix ("Wrong input: …") and the kind
/// decides the HTTP status and gRPC code (reference §1.3), so REST and gRPC answer with the same words.
/// </summary>
internal sealed class QdrantException : Exception
{
    private QdrantException(QdrantErrorKind kind, string message) : base(message) => Kind = kind;

    public QdrantErrorKind Kind { get; }

    public int HttpStatus => Kind switch
    {
        QdrantErrorKind.BadInput or QdrantErrorKind.BadRequest or QdrantErrorKind.Format or QdrantErrorKind.ChecksumMismatch => 400,
        QdrantErrorKind.NotFound => 404,
        QdrantErrorKind.Forbidden => 403,
        QdrantErrorKind.Validation => 422,
        _ => 500,
    };

    public StatusCode GrpcStatus => Kind switch
    {
        QdrantErrorKind.BadInput or QdrantErrorKind.BadRequest or QdrantErrorKind.Format or QdrantErrorKind.Validation => StatusCode.InvalidArgument,
        QdrantErrorKind.NotFound => StatusCode.NotFound,
        QdrantErrorKind.Forbidden => StatusCode.PermissionDenied,
        QdrantErrorKind.ChecksumMismatch => StatusCode.DataLoss,
        _ => StatusCode.Internal,
    };

    public static QdrantException BadInput(string description) => new(QdrantErrorKind.BadInput, $"Wrong input: {description}");

    public static QdrantException NotFound(string description) => new(QdrantErrorKind.NotFound, $"Not found: {description}");

    public static QdrantException Service(string description) => new(QdrantErrorKind.Service, $"Service internal error: {description}");

    public static QdrantException BadRequest(string description) => new(QdrantErrorKind.BadRequest, $"Bad request: {description}");

    public static QdrantException Forbidden(string description) => new(QdrantErrorKind.Forbidden, $"Forbidden: {description}");

    /// <summary>The upload endpoint's wording: expected = computed, actual = given (§2.6).</summary>
    public static QdrantException ChecksumMismatch(string expected, string actual) =>
        new(QdrantErrorKind.ChecksumMismatch, $"Checksum mismatch: expected {expected}, actual {actual}");

    /// <summary>A request that parses but breaks a validation rule (actix validator → 422).</summary>
    public static QdrantException Validation(string where, string field, string detail) =>
        new(QdrantErrorKind.Validation, $"Validation error in {where}: [{field}: {detail}]");

    /// <summary>A request that cannot be parsed at all (→ 400).</summary>
    public static QdrantException Format(string where, string detail) => new(QdrantErrorKind.Format, $"Format error in {where}: {detail}");

    public static QdrantException CollectionNotFound(string collection) => NotFound($"Collection `{collection}` doesn't exist!");

    public static QdrantException SnapshotNotFound(string snapshot) => NotFound($"Snapshot {snapshot} not found");
}
