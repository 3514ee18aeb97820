using System.Collections;
using System.Globalization;
using System.Management.Automation;
using PubSec.Dr.Audit;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Audit;

/// <summary>
/// <para type="synopsis">Appends one record to the audit log of a backup store: what a runbook or an operator did, to what, and how it ended.</para>
/// </summary>
[Cmdlet(VerbsCommon.Add, "DrAuditRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(AuditRecord))]
public sealed class AddDrAuditRecordCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = string.Empty;

    /// <summary>Succeeded, Failed or Stopped by convention; any text is kept.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Outcome { get; set; } = string.Empty;

    /// <summary>Names and values to record; values of names that look secret are stored as ***.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Parameters { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ErrorId { get; set; }

    // It writes the record itself: the hook every other state-changing cmdlet has would write a second one.
    protected override bool WritesAuditLog => false;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        // The same log the cmdlets' own records go to: the central one (PUBSECDR_AUDIT_STORE) unless -Store names one.
        var store = Store ?? (System.Environment.GetEnvironmentVariable(AuditTrail.StoreVariable) is { Length: > 0 } central
            ? StoreResolver.Open(SessionState, central) : RegionStore(null));
        var entry = new AuditEntry(Command, Target, ToText(Parameters), Outcome, ErrorId);
        if (!AskShouldProcess(store.Location, $"Append an audit record ({Command} on {Target}: {Outcome})"))
        {
            return;
        }

        Emit(await new AuditLog(store, AuditIdentity.Current()).AppendAsync(entry, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Values as invariant text; a SecureString or PSCredential is never unwrapped, only noted as ***.</summary>
    private static Dictionary<string, string> ToText(Hashtable? parameters)
    {
        var text = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry pair in parameters ?? new Hashtable())
        {
            var value = pair.Value is PSObject wrapped ? wrapped.BaseObject : pair.Value;
            text[Convert.ToString(pair.Key, CultureInfo.InvariantCulture) ?? string.Empty] = value switch
            {
                null => string.Empty,
                System.Security.SecureString or PSCredential => PubSec.Dr.Errors.SecretMask.Mask,
                DateTime time => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
                DateTimeOffset time => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }

        return text;
    }
}
