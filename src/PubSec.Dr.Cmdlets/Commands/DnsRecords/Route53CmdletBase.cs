using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;
using PubSec.Dr.Network;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Commands.DnsRecords;

/// <summary>
/// What the Route53 cmdlets share: the environment, optional keys that override the ones the environment file
/// names (for a break-glass identity), and the deadlines of each Route53 request.
/// </summary>
public abstract class Route53CmdletBase : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    /// <summary>An access key id to use instead of the environment file's credentials (with -SecretAccessKey).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKeyId { get; set; }

    [Parameter]
    public SecureString? SecretAccessKey { get; set; }

    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client for the environment's zone; missing credentials and a missing dns section fail here.</summary>
    protected IRoute53Client ConnectRoute53()
    {
        var dns = Environment.RequireDns();
        var connection = Route53Credentials.Connect(dns.Route53, new NetworkDeadlines(ConnectTimeout, RequestTimeout), AccessKeyId,
            SecretText.Reveal(SecretAccessKey));
        return Backends.Route53(connection);
    }
}
