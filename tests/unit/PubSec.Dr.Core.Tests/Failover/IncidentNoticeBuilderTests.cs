using PubSec.Dr.Environments;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Tests.Failover;

public sealed class IncidentNoticeBuilderTests
{
    [Fact]
    public void The_email_is_filled_from_the_measured_facts()
    {
        var outage = new DateTimeOffset(2026, 12, 5, 2, 50, 0, TimeSpan.Zero);
        var result = FailoverVerdictTests.Completed(TimeSpan.FromMinutes(12), 3, 900, outage);
        result.Step(FailoverStepName.FenceSource)!.State[FailoverStateKeys.Fenced] = "true";
        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        var notice = IncidentNoticeBuilder.Build(result);

        Assert.Equal("Service Restoration Update - PubSec Info Assistant", notice.EmailSubject);
        Assert.Contains("between 2026-12-05 02:50 and 2026-12-05 03:12 UTC", notice.EmailBody, StringComparison.Ordinal);
        Assert.Contains("restored from backup qdrant-docs-20261205T0230", notice.EmailBody, StringComparison.Ordinal);
        Assert.Contains("Account balances: changes made in the last 3 s before the disruption may be lost.", notice.EmailBody, StringComparison.Ordinal);
        Assert.Contains("Document search: changes made in the last 15 min", notice.EmailBody, StringComparison.Ordinal);
        Assert.Contains("was stopped from accepting writes", notice.EmailBody, StringComparison.Ordinal);
        Assert.Contains(IncidentNoticeBuilder.RootCausePlaceholder, notice.EmailBody, StringComparison.Ordinal);
        Assert.StartsWith("Resolved: PubSec Info Assistant was disrupted from 2026-12-05 02:50 to 2026-12-05 03:12 UTC.", notice.StatusPage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unfinished_failover_says_it_is_being_worked_on()
    {
        var result = FailoverVerdictTests.Completed(TimeSpan.FromMinutes(12), 3, 0);
        result.Step(FailoverStepName.Verify)!.Status = FailoverStepStatus.Failed;
        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        var notice = IncidentNoticeBuilder.Build(result);

        Assert.StartsWith("Investigating:", notice.StatusPage, StringComparison.Ordinal);
        Assert.Contains("[not yet restored]", notice.EmailBody, StringComparison.Ordinal);
    }
}
