using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Audit;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// What <see cref="AsyncPSCmdlet"/> writes to the audit log after a cmdlet changed something (an action the operator
/// or -Confirm:$false approved): which stores may hold the record, and the bound parameters as text without secrets.
/// </summary>
internal static class AuditTrail
{
    /// <summary>A central audit store for every cmdlet of the process (a runbook host sets it); it wins over the rest.</summary>
    public const string StoreVariable = "PUBSECDR_AUDIT_STORE";

    private const int MaxValueLength = 256;

    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    /// <summary>
    /// The stores to try, best first: the central one if set; else the store the command changed (-Store, -Destination),
    /// the store of the environment's region it worked on, the store of a piped backup (a restore reads it), then the
    /// environment's other regions. The record goes to the first that takes it, so a failover whose primary store is
    /// gone is still audited in the secondary's.
    /// </summary>
    public static IEnumerable<Func<IBackupStore>> Candidates(SessionState session, IReadOnlyDictionary<string, object?> bound, DrRegion? region)
    {
        if (System.Environment.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } central)
        {
            yield return () => StoreResolver.Open(session, central);
            yield break;
        }

        var values = bound.Values.SelectMany(Flatten).ToList();
        foreach (var store in values.OfType<IBackupStore>())
        {
            yield return () => store;
        }

        var environment = bound.Values.OfType<DrEnvironment>().FirstOrDefault();
        // Commands that are not region commands still name the region they act on (Set-DrDnsRecord's target, the failover's).
        // A failover is audited first in the region it moves to (-To): the one it leaves may be the one that is down.
        foreach (var parameter in new[] { "To", "Region" })
        {
            if (region is null && environment is not null && bound.TryGetValue(parameter, out var named) && named is string name
                && environment.Regions.TryGetValue(name, out var namedRegion))
            {
                region = namedRegion;
            }
        }

        if (region?.Store is not null)
        {
            yield return () => EnvironmentParameters.Store(region, null);
        }

        foreach (var backupStore in values.OfType<DrBackup>().Select(b => b.Store).OfType<IBackupStore>())
        {
            yield return () => backupStore;
        }

        foreach (var other in environment?.Regions.Values.Where(r => !ReferenceEquals(r, region) && r.Store is not null) ?? [])
        {
            yield return () => EnvironmentParameters.Store(other, null);
        }
    }

    /// <summary>The bound parameters as text: secrets as ***, stores as their location, objects by name or id, long values cut.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(IReadOnlyDictionary<string, object?> bound)
    {
        var text = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in bound)
        {
            if (!CommonParameters.Contains(name))
            {
                text[name] = Cut(Describe(value));
            }
        }

        return text;
    }

    private static string Describe(object? value) => value switch
    {
        null => string.Empty,
        PSObject ps => Describe(ps.BaseObject),
        SecureString or PSCredential => "***",
        SwitchParameter s => s.IsPresent ? "True" : "False",
        IBackupStore store => store.Location,
        DrEnvironment environment => environment.Name,
        DrBackup backup => backup.Id,
        X509Certificate2 certificate => certificate.Thumbprint,
        string s => s,
        IDictionary dictionary => string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{k}={Describe(dictionary[k])}")),
        IEnumerable sequence => string.Join(", ", sequence.Cast<object?>().Take(50).Select(Describe)),
        _ => value.ToString() ?? string.Empty,
    };

    private static IEnumerable<object?> Flatten(object? value) => value switch
    {
        PSObject ps => Flatten(ps.BaseObject),
        string => [value],
        IEnumerable sequence and not IDictionary => sequence.Cast<object?>().SelectMany(Flatten),
        _ => [value],
    };

    private static string Cut(string value) => SecretMask.Apply(value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "…") ?? string.Empty;
}
