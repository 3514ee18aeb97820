using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// The policy that applies to each backup kind: the ones given, and the plan's defaults for kinds not given.
/// A kind with neither has no policy, and its backups are all kept.
/// </summary>
public sealed class RetentionPolicySet
{
    private readonly Dictionary<string, DrRetentionPolicy> _byKind;

    private RetentionPolicySet(Dictionary<string, DrRetentionPolicy> byKind) => _byKind = byKind;

    /// <summary>Validates every policy; throws RetentionPolicyInvalid for an invalid one or a kind given twice.</summary>
    public static RetentionPolicySet Create(IEnumerable<DrRetentionPolicy>? policies)
    {
        var byKind = new Dictionary<string, DrRetentionPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in DrRetentionPolicy.Kinds)
        {
            byKind[kind] = DrRetentionPolicy.PlanDefault(kind)!;
        }

        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in policies ?? [])
        {
            policy.Validate();
            if (!given.Add(policy.Kind))
            {
                throw new DrException(ErrorIds.RetentionPolicyInvalid, DrErrorCategory.InvalidArgument,
                    $"Two retention policies are given for the backup kind '{policy.Kind}'.",
                    "Give one policy per kind; combine the rules (for example -MaxAge and -KeepDaily) in one New-DrRetentionPolicy.", policy);
            }

            byKind[policy.Kind] = policy;
        }

        return new RetentionPolicySet(byKind);
    }

    public DrRetentionPolicy? For(string kind) => _byKind.GetValueOrDefault(kind);

    public IReadOnlyCollection<DrRetentionPolicy> All => _byKind.Values;
}
