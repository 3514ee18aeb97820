using System.Globalization;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Failover;

/// <summary>
/// The verdict maths: the RTO from the start (and from the outage, when known) to the verified service against
/// FailoverRto; each store's data-loss window against Rpo and RpoMax. An unknown window cannot be called within
/// the objective, so it counts as missed.
/// </summary>
public static class FailoverVerdicts
{
    public static void Judge(FailoverResult result, DrObjectives objectives)
    {
        var verify = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.Verify);
        result.DataLoss = [.. DataLoss(result)];
        var redis = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.RedisData);
        result.RedisDifferences = redis?.State.TryGetValue(FailoverStateKeys.RedisDifferences, out var found) == true
            && long.TryParse(found, NumberStyles.Integer, CultureInfo.InvariantCulture, out var differences) ? differences : null;
        var fence = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.FenceSource);
        result.SourceFenced = fence?.State.GetValueOrDefault(FailoverStateKeys.Fenced) == "true";
        result.OperatorActions = fence?.State.TryGetValue(FailoverStateKeys.OperatorAction, out var action) == true ? [action] : [];
        result.VerdictReasons = [];
        if (verify?.Status != FailoverStepStatus.Succeeded || verify.CompletedAt is not { } verified)
        {
            result.Rto = null;
            result.RtoFromOutage = null;
            result.Verdict = FailoverVerdict.Failed;
            var failed = result.Steps.FirstOrDefault(s => s.Status == FailoverStepStatus.Failed);
            result.VerdictReasons.Add(failed is null ? "The failover has not reached a verified service." : $"Step {failed.Name} failed: {failed.Message}");
            return;
        }

        result.CompletedAt = result.Steps.Where(s => s.CompletedAt is not null).Max(s => s.CompletedAt);
        result.Rto = verified - result.StartedAt;
        result.RtoFromOutage = result.OutageStartedAt is { } outage ? verified - outage : null;
        var rto = result.RtoFromOutage ?? result.Rto.Value;
        var rtoMet = rto <= objectives.FailoverRto;
        result.VerdictReasons.Add($"RTO {Minutes(rto)} {(result.RtoFromOutage is null ? "from the start" : "from the outage start")} {(rtoMet ? "within" : "beyond")} the failover RTO of {Minutes(objectives.FailoverRto)}.");
        var worst = FailoverVerdict.WithinObjectives;
        foreach (var loss in result.DataLoss)
        {
            if (loss.Window is not { } window)
            {
                worst = FailoverVerdict.ObjectivesMissed;
                result.VerdictReasons.Add($"{loss.Store}: data-loss window unknown ({loss.Basis}).");
                continue;
            }

            var judged = window <= objectives.Rpo ? FailoverVerdict.WithinObjectives
                : window <= objectives.RpoMax ? FailoverVerdict.WithinMaximum : FailoverVerdict.ObjectivesMissed;
            worst = (FailoverVerdict)Math.Max((int)worst, (int)judged);
            result.VerdictReasons.Add($"{loss.Store}: data-loss window {Minutes(window)} ({loss.Basis}), RPO {Minutes(objectives.Rpo)}, max {Minutes(objectives.RpoMax)}.");
        }

        result.Verdict = rtoMet ? worst : FailoverVerdict.ObjectivesMissed;
    }

    private static IEnumerable<FailoverDataLoss> DataLoss(FailoverResult result)
    {
        var redis = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.RedisData);
        if (redis?.Status == FailoverStepStatus.Succeeded)
        {
            yield return new FailoverDataLoss
            {
                Store = "Redis", Window = Seconds(redis.State, FailoverStateKeys.RedisLagSeconds),
                Basis = redis.State.GetValueOrDefault(FailoverStateKeys.DataLossBasis)
                    ?? redis.State.GetValueOrDefault(FailoverStateKeys.RedisAction) ?? "replica lag at promotion",
            };
        }

        var qdrant = result.Steps.FirstOrDefault(s => s.Name == FailoverStepName.QdrantData);
        if (qdrant?.Status == FailoverStepStatus.Succeeded)
        {
            var backups = qdrant.State.GetValueOrDefault(FailoverStateKeys.QdrantBackups);
            yield return new FailoverDataLoss
            {
                Store = "Qdrant", Window = Seconds(qdrant.State, FailoverStateKeys.QdrantBackupAgeSeconds),
                Basis = qdrant.State.GetValueOrDefault(FailoverStateKeys.DataLossBasis) ?? (!string.IsNullOrEmpty(backups) ? $"age of backup {backups} when restored"
                    : qdrant.State.ContainsKey(FailoverStateKeys.QdrantBackupAgeSeconds) ? "the target already held the newest backup" : "no restorable backup to measure against"),
            };
        }
    }

    private static TimeSpan? Seconds(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;

    internal static string Minutes(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min");
}
