namespace PubSec.Dr.Route53;

/// <summary>One change of a batch: CREATE, DELETE or UPSERT of a record set.</summary>
public sealed record Route53Change(string Action, Route53RecordSet RecordSet)
{
    public const string Upsert = "UPSERT";

    /// <summary>Route53 deletes a set only when the change names its current TTL and values exactly.</summary>
    public const string Delete = "DELETE";
}

/// <summary>A transactional batch: Route53 applies all of its changes or none.</summary>
public sealed record Route53ChangeBatch(string? Comment, IReadOnlyList<Route53Change> Changes);
