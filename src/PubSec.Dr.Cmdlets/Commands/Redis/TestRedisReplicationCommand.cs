using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Checks that a Redis replica is linked to its primary and how far behind it is (lag in bytes and seconds, the RPO of replicated data).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RedisReplication")]
[OutputType(typeof(RedisReplicationStatus))]
public sealed class TestRedisReplicationCommand : RegionCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Primary { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Replica { get; set; }

    /// <summary>With -Environment: the region whose Redis the -Region's replica follows (default: the other region of a two-region environment).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PrimaryRegion { get; set; }

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxLagBytes { get; set; } = 1 << 20;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxLagSeconds { get; set; } = 10;

    /// <summary>A replica that does not answer in time is judged from the primary's view, so these are short.</summary>
    /// <summary>How long connecting to each Redis server (TCP, TLS and login) may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long each Redis server may take to answer each command.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout);
        var region = SelectedRegion();
        var primaryRegion = Primary is null ? EnvironmentParameters.PrimaryRegionOf(region, PrimaryRegion) : null;
        var checker = new RedisReplicationChecker(Backends,
            EnvironmentParameters.Redis(primaryRegion, Primary, Password, User, deadlines, "-Primary"),
            EnvironmentParameters.Redis(region, Replica, Password, User, deadlines, "-Replica"))
        {
            MaxLagBytes = MaxLagBytes,
            MaxLagSeconds = MaxLagSeconds,
            Log = new CmdletLog(EmitVerbose, EmitWarning),
        };
        var (status, unhealthy) = await checker.CheckAsync(cancellationToken).ConfigureAwait(false);
        EmitResult(status, unhealthy);
    }
}
