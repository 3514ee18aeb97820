using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Errors;
using PubSec.Dr.Route53;
using PubSec.Dr.Service;

namespace PubSec.Dr.Failover;

/// <summary>DnsSwitch, DnsPropagation and Verify: the same engines as Set-DrDnsRecord, Test-DrDnsPropagation and Test-DrService.</summary>
public sealed partial class FailoverActions
{
    public async Task DnsSwitchAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        using var client = backends.Route53(Route53Credentials.Connect(environment.RequireDns().Route53));
        var result = await new DnsRecordSwitch(client, Log) { WaitTimeout = DnsWaitTimeout }.RunAsync(environment, to, switchPlan =>
        {
            step.Details.Add((plan ? "Would send: " : "Sending: ") + switchPlan.Describe());
            return !plan;
        }, null, ct).ConfigureAwait(false);
        if (result is not null)
        {
            step.State["changeId"] = result.ChangeId;
            step.Details.Add($"Route53 change {result.ChangeId} {result.Status} in zone {result.ZoneName}.");
        }
    }

    public async Task DnsPropagationAsync(FailoverStep step, CancellationToken ct)
    {
        using var probe = backends.DnsProbe(new DnsProbeOptions(TimeSpan.FromSeconds(2)));
        var check = new DnsPropagationCheck(probe, Log) { Timeout = DnsWaitTimeout };
        var outcomes = await check.RunAsync(DnsPropagationTargets.ForRegion(environment, to), DnsPropagationTargets.Resolvers(environment, null), null, ct)
            .ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            var r = outcome.Result;
            step.Details.Add($"{r.Name} {r.Type} at {r.Resolver}: {(r.Converged ? $"answers {string.Join(",", r.Answer ?? [])} after {r.TimeToConverge?.TotalSeconds:0.#} s" : $"not converged ({r.Error})")}");
        }

        if (outcomes.FirstOrDefault(o => o.Failure is not null)?.Failure is { } failure)
        {
            throw failure;
        }
    }

    public async Task VerifyAsync(FailoverStep step, CancellationToken ct)
    {
        // A resolver may still hand out the old address for a moment after propagation; the check is repeated
        // until every request passes from the target, or the time is up.
        var until = DateTime.UtcNow + ServiceRetryTimeout;
        while (true)
        {
            var rows = await new PublicServiceCheck(backends, backends, environment) { ExpectedRegion = to, Log = Log }.RunAsync(ct).ConfigureAwait(false);
            var failure = rows.FirstOrDefault(r => r.Failure is not null).Failure
                ?? (rows.Count == 0 || rows.Any(r => !r.Result.Passed)
                    ? new DrException(ErrorIds.FailoverVerifyFailed, DrErrorCategory.InvalidResult, $"The service through its public name did not pass every check from '{to}'.",
                        "Run Test-DrService -Environment <env> -Region " + to + " and look at each check.", to)
                    : null);
            if (failure is null || DateTime.UtcNow >= until)
            {
                step.Details.Clear();
                step.Details.AddRange(rows.Select(r => r.Result.ToString()));
                if (failure is not null)
                {
                    throw failure;
                }

                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }
    }
}
