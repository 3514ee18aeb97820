namespace PubSec.Dr.Lab.Engine;

/// <summary>Qdrant's StorageError variants plus the request-parsing failures of its HTTP layer.</summary>
internal enum QdrantErrorKind
{
    BadInput,
    NotFound,
    Service,
    BadRequest,
    Forbidden,
    ChecksumMismatch,
    Validation,
    Format,
}
