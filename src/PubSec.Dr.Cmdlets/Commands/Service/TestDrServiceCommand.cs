using System.Management.Automation;
using System.Net;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Service;

namespace PubSec.Dr.Commands.Service;

/// <summary>
/// <para type="synopsis">Checks the service through its public name as users reach it: resolves the name at a resolver, then sends /health, /ready and a test query to that address, and says which region answered.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DrService")]
[OutputType(typeof(ServiceCheckResult))]
public sealed class TestDrServiceCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    /// <summary>host:port (or an address, port 53) of the resolver to ask; default: the environment's first non-authoritative resolver.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Resolver { get; set; }

    /// <summary>The region that must have answered every check.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>How long the resolver and each request may take; latency is judged against service.maxLatencyMs.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan Timeout { get; set; } = PublicServiceCheck.DefaultTimeout;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var check = new PublicServiceCheck(Backends, Backends, Environment)
        {
            Resolver = Resolver is null ? null : ParseResolver(Resolver),
            ExpectedRegion = Region,
            Timeout = Timeout,
            Log = new CmdletLog(EmitVerbose, EmitWarning),
        };
        foreach (var (row, failure) in await check.RunAsync(cancellationToken).ConfigureAwait(false))
        {
            EmitResult(row, failure);
        }
    }

    private static IPEndPoint ParseResolver(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPEndPoint(address, 53);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new DrException(ErrorIds.DnsResolverInvalid, DrErrorCategory.InvalidArgument,
                $"-Resolver '{text}' is not an IP address with an optional port.", "Give the resolver as 127.0.0.1:5354, 10.0.0.2 (port 53) or [::1]:53.", text);
    }
}
