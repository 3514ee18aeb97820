namespace PubSec.Dr.Drills;

/// <summary>
/// The ledger of a running drill (drills/&lt;environment&gt;/running/&lt;id&gt;.json): who runs it (host/pid/run, as a
/// failover lease), until when its lease holds, and every resource it has created or is about to create.
/// </summary>
public sealed class DrillLedgerRecord
{
    public string Id { get; set; } = string.Empty;

    public string Environment { get; set; } = string.Empty;

    public DrillScenario Scenario { get; set; }

    public string Owner { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public List<DrillResource> Resources { get; set; } = [];
}
