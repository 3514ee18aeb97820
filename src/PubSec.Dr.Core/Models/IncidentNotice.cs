namespace PubSec.Dr;

/// <summary>The status-page text and the customer email (plan 5.2) of a failover, filled from its measured facts.</summary>
public sealed class IncidentNotice
{
    public string Environment { get; set; } = string.Empty;

    public string StatusPage { get; set; } = string.Empty;

    public string EmailSubject { get; set; } = string.Empty;

    public string EmailBody { get; set; } = string.Empty;

    public override string ToString() => StatusPage;
}
