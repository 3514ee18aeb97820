namespace PubSec.Dr.Route53;

/// <summary>A submitted change: its bare id, PENDING or INSYNC, when Route53 accepted it, and the batch comment.</summary>
public sealed record Route53ChangeInfo(string Id, string Status, DateTimeOffset SubmittedAt, string? Comment)
{
    public const string Pending = "PENDING";
    public const string InSync = "INSYNC";

    public bool IsInSync => string.Equals(Status, InSync, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A hosted zone: its bare id, its name (trailing dot), whether it is private, and how many record sets it holds.</summary>
public sealed record Route53HostedZone(string Id, string Name, bool PrivateZone, long? RecordSetCount);
