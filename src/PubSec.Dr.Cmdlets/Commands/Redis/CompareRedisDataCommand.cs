using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Compare;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Compares the keys of two Redis servers and, with -Fix, makes the difference server equal to the reference.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "RedisData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RedisDifference))]
public sealed class CompareRedisDataCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Reference { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Difference { get; set; } = string.Empty;

    [Parameter]
    public SecureString? ReferencePassword { get; set; }

    [Parameter]
    public SecureString? DifferencePassword { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Pattern { get; set; }

    [Parameter]
    [ValidateRange(0, 86400)]
    public int TtlToleranceSeconds { get; set; } = 2;

    [Parameter]
    [ValidateRange(10, 100000)]
    public int BatchSize { get; set; } = RedisCompareOptions.DefaultBatchSize;

    [Parameter]
    public SwitchParameter Fix { get; set; }

    /// <summary>How long connecting to each Redis server (TCP, TLS and login) may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Connect;

    /// <summary>How long each Redis server may take to answer each command.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Request;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout);
        var reference = new RedisEndpoint(Reference, SecretText.Reveal(ReferencePassword), User) { Deadlines = deadlines };
        var difference = new RedisEndpoint(Difference, SecretText.Reveal(DifferencePassword ?? ReferencePassword), User) { Deadlines = deadlines };
        var options = new RedisCompareOptions { Pattern = Pattern, TtlTolerance = TimeSpan.FromSeconds(TtlToleranceSeconds), BatchSize = BatchSize };
        var progress = new ProgressWriter(EmitProgress, Pattern is null);
        try
        {
            var run = new RedisCompareRun(Backends, new CmdletLog(EmitVerbose, EmitWarning));
            await foreach (var (found, fixFailure) in run.RunAsync(reference, difference, options, Fix, AskShouldProcess, progress, cancellationToken)
                .ConfigureAwait(false))
            {
                if (fixFailure is not null)
                {
                    EmitError(DrErrorRecord.From(fixFailure, found));
                }

                Emit(found);
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>Keys compared as a progress bar, a few updates a second; a percentage only when every key is compared (DBSIZE is the total).</summary>
    private sealed class ProgressWriter(Action<ProgressRecord> write, bool knowsTotal) : IProgress<RedisCompareProgress>
    {
        private const string Activity = "Compare-RedisData";
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private bool _written;

        public void Report(RedisCompareProgress value)
        {
            if (_written && _since.ElapsedMilliseconds < 250)
            {
                return;
            }

            _since.Restart();
            _written = true;
            var percent = knowsTotal && value.ReferenceKeyTotal > 0 && value.DifferenceKeysScanned == 0
                ? (int)Math.Min(99, value.KeysCompared * 100 / value.ReferenceKeyTotal)
                : -1;
            write(new ProgressRecord(1, Activity, $"{value.Phase}: {value.KeysCompared} compared, {value.DifferenceKeysScanned} checked for extras, "
                + $"{value.Differences} difference(s)") { PercentComplete = percent });
        }

        public void Complete()
        {
            if (_written)
            {
                write(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
