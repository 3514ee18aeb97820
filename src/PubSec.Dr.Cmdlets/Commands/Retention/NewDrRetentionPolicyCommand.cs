using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Commands.Retention;

/// <summary>
/// <para type="synopsis">Creates a retention policy for one backup kind, to pass to Invoke-DrRetention -Policy.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DrRetentionPolicy")]
[OutputType(typeof(DrRetentionPolicy))]
public sealed class NewDrRetentionPolicyCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet(DrRetentionPolicy.QdrantKind, DrRetentionPolicy.RedisKind, DrRetentionPolicy.KubernetesConfigKind)]
    public string Kind { get; set; } = string.Empty;

    /// <summary>Not given: the plan's MaxAge for the kind. Zero turns the age rule off; otherwise at least an hour.</summary>
    [Parameter]
    [Duration(DurationKind.RetentionAge)]
    public TimeSpan? MaxAge { get; set; }

    // Counts are checked by the policy itself, not ValidateRange, so a negative one fails with RetentionPolicyInvalid.
    [Parameter]
    public int KeepLast { get; set; }

    [Parameter]
    public int KeepDaily { get; set; }

    [Parameter]
    public int KeepWeekly { get; set; }

    [Parameter]
    public int KeepMonthly { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            DurationAttribute.Check(this);
            WriteObject(DrRetentionPolicy.Create(Kind, MaxAge, KeepLast, KeepDaily, KeepWeekly, KeepMonthly));
        }
        catch (DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex));
        }
    }
}
