namespace PubSec.Dr;

/// <summary>A switch of the environment's records to a region (Set-DrDnsRecord): the change Route53 accepted and when it was in sync.</summary>
public sealed class DnsRecordSwitchResult
{
    public string Environment { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string HostedZoneId { get; set; } = string.Empty;

    public string ZoneName { get; set; } = string.Empty;

    /// <summary>Route53's change id (bare, as `aws route53 get-change --id` takes it).</summary>
    public string ChangeId { get; set; } = string.Empty;

    /// <summary>INSYNC once every Route53 server has the change (PENDING only if the wait was skipped).</summary>
    public string Status { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? InSyncAt { get; set; }

    /// <summary>From sending the batch to seeing INSYNC.</summary>
    public TimeSpan Duration { get; set; }

    public DnsRecordChange[] Changes { get; set; } = [];

    /// <summary>The AWS CLI change-batch file written with -ChangeBatchPath, if any.</summary>
    public string? ChangeBatchPath { get; set; }
}
