using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Commands.Failover;

/// <summary>
/// <para type="synopsis">Fails the environment over from one region to another as one timed, resumable sequence: confirm the outage, (rebuild and) check the target, sync it from a healthy source (failback, switchover), fence the source, promote Redis and restore Qdrant at once, switch and propagate DNS, verify the service, reprotect, and write the incident notice.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RegionalFailover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(FailoverResult))]
public sealed class InvokeRegionalFailoverCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    /// <summary>The failing region.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string From { get; set; } = string.Empty;

    /// <summary>The region that takes over.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string To { get; set; } = string.Empty;

    /// <summary>A planned failover: run although the source is healthy or the target NotReady.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>When the source was first seen failing; the RTO is also measured from it.</summary>
    [Parameter]
    public DateTime? OutageStartedAt { get; set; }

    /// <summary>Keep the journal in this file instead of the target region's store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>Ignore an unfinished journal and start over.</summary>
    [Parameter]
    public SwitchParameter Restart { get; set; }

    /// <summary>
    /// Rebuild the target first (plan 2.3 steps 3–4): apply this configuration backup (from Get-DrBackup or
    /// Backup-DrKubernetesConfig) to its empty namespace and wait for the workloads. With -Rebuild alone, the newest
    /// good configuration backup of the namespace in the target region's store.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public KubernetesConfigBackup? RebuildFrom { get; set; }

    /// <summary>Rebuild the target's empty namespace from the newest configuration backup in its store (see -RebuildFrom).</summary>
    [Parameter]
    public SwitchParameter Rebuild { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? DecryptionCertificate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? TrustedSigner { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var target = Environment.Region(To);
        var source = Environment.Region(From);
        IFailoverJournalStore journal = JournalPath is not null
            ? new FileFailoverJournalStore(SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath))
            : new StoreFailoverJournalStore(target.Require(r => r.Store, "store").Open(), Environment.Name, source.Name, target.Name);
        var actions = new FailoverActions(Backends, Environment, source.Name, target.Name)
        {
            DecryptionCertificates = DecryptionCertificate ?? [], TrustedSigners = TrustedSigner ?? [], RebuildFrom = RebuildFrom, Log = log,
        };
        // A completed failover the other way, kept where it keeps its journal by default, makes this a failback.
        var reverse = source.Store is { } sourceStore ? new StoreFailoverJournalStore(sourceStore.Open(), Environment.Name, target.Name, source.Name) : null;
        var engine = new RegionalFailoverEngine(actions, journal) { Log = log, ReverseJournal = reverse };
        var request = new FailoverRequest(Environment.Name, source.Name, target.Name, Environment.Objectives)
        {
            Force = Force.IsPresent, Restart = Restart.IsPresent, Rebuild = Rebuild.IsPresent || RebuildFrom is not null,
            OutageStartedAt = OutageStartedAt is { } outage ? new DateTimeOffset(outage.ToUniversalTime(), TimeSpan.Zero) : null,
        };
        var steps = new StepProgressWriter(1, EmitProgress);
        try
        {
            var (result, failure) = await engine.RunAsync(request, AskShouldProcess, steps, cancellationToken).ConfigureAwait(false);
            EmitResult(result, failure);
        }
        finally
        {
            steps.Complete();
        }
    }
}
