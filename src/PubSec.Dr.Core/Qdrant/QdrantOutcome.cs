using PubSec.Dr.Errors;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// One item of a Qdrant engine operation that goes on past failures (a collection to back up, a backup to restore):
/// what it produced, if anything, and what went wrong, if anything; <see cref="Target"/> is what a failure without
/// a result concerns (the collection's name, the backup).
/// </summary>
public sealed record QdrantOutcome<T>(T? Result, DrException? Failure, object Target)
    where T : class;
