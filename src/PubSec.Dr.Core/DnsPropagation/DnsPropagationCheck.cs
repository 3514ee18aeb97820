using System.Diagnostics;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.DnsPropagation;

/// <summary>
/// Test-DrDnsPropagation: asks every resolver for every record every <see cref="Interval"/> until each answers
/// exactly the expected values, or <see cref="Timeout"/>. Each resolver x record is a row on its own: one that
/// never answers fails as DnsResolverUnreachable after <see cref="UnreachableAfter"/> silent tries while the others
/// go on; a row still answering old values at the deadline fails as DnsPropagationTimeout.
/// </summary>
public sealed class DnsPropagationCheck(IDnsProbe probe, IOperationLog? log = null)
{
    private readonly IOperationLog _log = log ?? NullOperationLog.Instance;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed queries in a row, without a single answer, after which a resolver counts as unreachable.</summary>
    public int UnreachableAfter { get; init; } = 3;

    /// <summary>The wait between rounds; tests replace it.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public async Task<IReadOnlyList<DnsPropagationOutcome>> RunAsync(IReadOnlyList<DnsPropagationTarget> targets, IReadOnlyList<DrResolver> resolvers,
        IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var rows = resolvers.SelectMany(resolver => targets.Select(target => new Row(resolver, target, startedAt))).ToList();
        var rounds = 0;
        while (true)
        {
            var pending = rows.Where(row => row.Open).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            await Task.WhenAll(pending.Select(row => QueryAsync(row, clock, cancellationToken))).ConfigureAwait(false);
            rounds++;
            var open = rows.Count(row => row.Open);
            progress?.Report(new StepProgress("Checking DNS propagation", $"{rows.Count - open} of {rows.Count} resolver answers settled, round {rounds}",
                rows.Count == 0 ? 100 : (rows.Count - open) * 100 / rows.Count));
            // Waited rounds count as well as the clock, so a test's instant delay still reaches the deadline.
            if (open == 0 || clock.Elapsed + Interval > Timeout || Interval * rounds >= Timeout)
            {
                break;
            }

            await Delay(Interval, cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in rows.Where(row => row.Open))
        {
            row.Fail(row.Answered
                ? new DrException(ErrorIds.DnsPropagationTimeout, DrErrorCategory.OperationTimeout,
                    $"{row.Resolver} still answers {Show(row.Result.Answer)} for {row.Target.Name} {row.Target.Type} after {Timeout.TotalSeconds:0.#} s; expected {Show(row.Target.Expected)}.",
                    "Wait for the old answer's TTL to run out (RemainingTtl) and check again, or give a longer -Timeout; an authoritative server that lags may not be reading the zone.",
                    row.Result.Resolver)
                : Unreachable(row, row.LastError ?? "no answer"));
        }

        return rows.Select(row => new DnsPropagationOutcome(row.Result, row.Failure)).ToList();
    }

    private async Task QueryAsync(Row row, Stopwatch clock, CancellationToken cancellationToken)
    {
        row.Result.Queries++;
        try
        {
            var answer = await probe.QueryAsync(row.Resolver, row.Target.Name, row.Target.Type, cancellationToken).ConfigureAwait(false);
            var values = answer.Values.ToArray();
            row.Answered = true;
            row.Silent = 0;
            row.Result.FirstAnswer ??= values;
            row.Result.Answer = values;
            row.Result.RemainingTtl = answer.Ttl;
            if (values.Length > 0 && DnsValues.SameSet(values, row.Target.Expected))
            {
                row.Result.Converged = true;
                row.Result.TimeToConverge = clock.Elapsed;
                row.Open = false;
                _log.Verbose($"{row.Resolver} answers {Show(values)} for {row.Target.Name} after {clock.Elapsed.TotalSeconds:0.0} s ({row.Result.Queries} queries).");
            }
        }
        catch (DnsProbeException ex)
        {
            row.Silent++;
            row.LastError = ex.Message;
            if (!row.Answered && row.Silent >= UnreachableAfter)
            {
                row.Fail(Unreachable(row, ex.Message));
            }
        }
    }

    private static DrException Unreachable(Row row, string why) => new(ErrorIds.DnsResolverUnreachable, DrErrorCategory.ConnectionError,
        $"The resolver {row.Resolver} did not answer a query for {row.Target.Name} {row.Target.Type} ({row.Result.Queries} tries): {why}",
        "Check the resolver's address and port in dns.resolvers (or -Resolver), that it runs, and that UDP and TCP to it are allowed.", row.Result.Resolver);

    private static string Show(IReadOnlyList<string>? values) => values is null || values.Count == 0 ? "nothing" : string.Join(", ", values);

    private sealed class Row
    {
        public Row(DrResolver resolver, DnsPropagationTarget target, DateTimeOffset startedAt)
        {
            Resolver = resolver;
            Target = target;
            Result = new DnsPropagationResult
            {
                Name = target.Name, Type = target.Type, Resolver = resolver.Name, Address = resolver.Address.ToString(),
                Authoritative = resolver.Authoritative, Expected = [.. target.Expected], StartedAt = startedAt,
            };
        }

        public DrResolver Resolver { get; }

        public DnsPropagationTarget Target { get; }

        public DnsPropagationResult Result { get; }

        public bool Open { get; set; } = true;

        public bool Answered { get; set; }

        public int Silent { get; set; }

        public string? LastError { get; set; }

        public DrException? Failure { get; private set; }

        public void Fail(DrException failure)
        {
            Failure = failure;
            Result.ErrorId = failure.ErrorId;
            Result.Error = failure.Message;
            Open = false;
        }
    }
}
