using System.Globalization;
using System.Text;

namespace PubSec.Dr.Failover;

/// <summary>
/// The status-page text and the plan's customer email (5.2) from a failover's measured facts: start and end times,
/// what was restored from which backup, the data-loss window per store. Root cause is the one line no tool can
/// know; it is left as a marked placeholder so nobody sends the email unread.
/// </summary>
public static class IncidentNoticeBuilder
{
    public const string RootCausePlaceholder = "[ROOT CAUSE: to be filled in by the incident lead]";

    public static IncidentNotice Build(FailoverResult result)
    {
        var start = result.OutageStartedAt ?? result.StartedAt;
        var end = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.Verify) is { Status: FailoverStepStatus.Succeeded, CompletedAt: { } verified }
            ? verified : (DateTimeOffset?)null;
        var restored = Restored(result);
        var loss = result.DataLoss.Select(LossLine).ToList();
        var status = end is { } done
            ? $"Resolved: PubSec Info Assistant was disrupted from {Time(start)} to {Time(done)} UTC. Service has been restored from our {result.To} region. {string.Join(" ", loss)}"
            : $"Investigating: PubSec Info Assistant has been disrupted since {Time(start)} UTC. We are moving the service to our {result.To} region.";
        var body = new StringBuilder()
            .AppendLine("Dear Valued Customer,").AppendLine()
            .AppendLine("We experienced a service disruption affecting the PubSec Info Assistant ")
            .AppendLine(CultureInfo.InvariantCulture, $"platform between {Time(start)} and {(end is { } e ? Time(e) : "[not yet restored]")} UTC.").AppendLine()
            .AppendLine("IMPACT:")
            .AppendLine(CultureInfo.InvariantCulture, $"- The service was unavailable from the {result.From} region{(end is { } d ? $" for {FailoverVerdicts.Minutes(d - start)}" : string.Empty)}.").AppendLine()
            .AppendLine("ROOT CAUSE:").AppendLine($"- {RootCausePlaceholder}").AppendLine()
            .AppendLine("RESOLUTION:")
            .AppendLine(CultureInfo.InvariantCulture, $"- The service was moved to the {result.To} region{(result.SourceFenced ? $"; the {result.From} region was stopped from accepting writes" : string.Empty)}.");
        foreach (var line in restored)
        {
            body.AppendLine($"- {line}");
        }

        body.AppendLine().AppendLine("DATA IMPACT:");
        foreach (var line in loss.DefaultIfEmpty("No data store was moved."))
        {
            body.AppendLine($"- {line}");
        }

        body.AppendLine().AppendLine("We sincerely apologize for any inconvenience. If you have questions, ")
            .AppendLine("please contact support@pubsec.gov.").AppendLine().AppendLine("Regards,").AppendLine("PubSec Info Assistant Team");
        return new IncidentNotice
        {
            Environment = result.Environment,
            StatusPage = status.TrimEnd(),
            EmailSubject = "Service Restoration Update - PubSec Info Assistant",
            EmailBody = body.ToString(),
        };
    }

    private static IEnumerable<string> Restored(FailoverResult result)
    {
        var redis = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.RedisData);
        if (redis?.Status == FailoverStepStatus.Succeeded)
        {
            yield return $"Account balances: {redis.State.GetValueOrDefault(FailoverStateKeys.RedisAction) ?? "the replica in the new region was promoted"}.";
        }

        var qdrant = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.QdrantData);
        if (qdrant?.Status == FailoverStepStatus.Succeeded)
        {
            var backups = qdrant.State.GetValueOrDefault(FailoverStateKeys.QdrantBackups);
            yield return string.IsNullOrEmpty(backups)
                ? "Document search: the new region already held the latest copy."
                : $"Document search: restored from backup {backups}.";
        }
    }

    private static string LossLine(FailoverDataLoss loss) => loss.Window switch
    {
        null => $"{Store(loss.Store)}: the extent of lost changes could not be measured.",
        { } w when w == TimeSpan.Zero => $"{Store(loss.Store)}: no changes were lost.",
        { } w => $"{Store(loss.Store)}: changes made in the last {FailoverVerdicts.Minutes(w)} before the disruption may be lost.",
    };

    private static string Store(string store) => store switch
    {
        "Redis" => "Account balances",
        "Qdrant" => "Document search",
        _ => store,
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
