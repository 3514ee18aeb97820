using System.Globalization;
using PubSec.Dr.Errors;

namespace PubSec.Dr;

/// <summary>
/// How long backups of one kind are kept. A backup is kept when any rule keeps it: younger than MaxAge, one of
/// the last KeepLast Succeeded backups, or the newest Succeeded backup of one of the last KeepDaily days /
/// KeepWeekly ISO weeks / KeepMonthly months (UTC) that have one. Zero turns a rule off.
/// </summary>
public sealed class DrRetentionPolicy
{
    public const string QdrantKind = QdrantBackup.KindName;

    /// <summary>The Kind of Redis backups (the model arrives with the Redis engine; retention already knows its default).</summary>
    public const string RedisKind = "Redis";

    public const string KubernetesConfigKind = KubernetesConfigBackup.KindName;

    /// <summary>Every kind a policy can name.</summary>
    public static readonly string[] Kinds = [QdrantKind, RedisKind, KubernetesConfigKind];

    public string Kind { get; set; } = string.Empty;

    public TimeSpan MaxAge { get; set; }

    public int KeepLast { get; set; }

    public int KeepDaily { get; set; }

    public int KeepWeekly { get; set; }

    public int KeepMonthly { get; set; }

    /// <summary>The plan's retention for a kind (Qdrant 30 days, Redis 7 days, KubernetesConfig 30 days), or null when the plan names none.</summary>
    public static DrRetentionPolicy? PlanDefault(string kind) => PlanMaxAge(kind) is { } maxAge
        ? new DrRetentionPolicy { Kind = Canonical(kind), MaxAge = maxAge }
        : null;

    /// <summary>
    /// The plan's MaxAge for a kind: DR plan 1.1 (Qdrant, 30 days) and 1.2 (Redis, 7 days). Plan 1.3 names no
    /// retention for configuration backups; they are small and a rebuild may need the configuration from before a
    /// change weeks ago, so they are kept as long as the Qdrant data they describe (30 days).
    /// </summary>
    public static TimeSpan? PlanMaxAge(string kind) => Canonical(kind) switch
    {
        QdrantKind => TimeSpan.FromDays(30),
        RedisKind => TimeSpan.FromDays(7),
        KubernetesConfigKind => TimeSpan.FromDays(30),
        _ => null,
    };

    /// <summary>
    /// A validated policy for <paramref name="kind"/>; without <paramref name="maxAge"/> the plan's MaxAge for the kind
    /// (zero when it has none). Throws RetentionPolicyInvalid for negative counts or an age under an hour.
    /// </summary>
    public static DrRetentionPolicy Create(string kind, TimeSpan? maxAge, int keepLast, int keepDaily, int keepWeekly, int keepMonthly)
    {
        var canonical = Canonical(kind);
        var policy = new DrRetentionPolicy
        {
            Kind = canonical,
            MaxAge = maxAge ?? PlanMaxAge(canonical) ?? TimeSpan.Zero,
            KeepLast = keepLast,
            KeepDaily = keepDaily,
            KeepWeekly = keepWeekly,
            KeepMonthly = keepMonthly,
        };
        policy.Validate();
        return policy;
    }

    /// <summary>Throws RetentionPolicyInvalid when a rule is negative or no rule keeps anything.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Kind))
        {
            throw Invalid("it names no backup kind", "Give -Kind Qdrant, -Kind Redis or -Kind KubernetesConfig.");
        }

        var negative = new List<string>();
        if (MaxAge < TimeSpan.Zero) negative.Add("MaxAge");
        if (KeepLast < 0) negative.Add("KeepLast");
        if (KeepDaily < 0) negative.Add("KeepDaily");
        if (KeepWeekly < 0) negative.Add("KeepWeekly");
        if (KeepMonthly < 0) negative.Add("KeepMonthly");
        if (negative.Count > 0)
        {
            throw Invalid($"{string.Join(", ", negative)} cannot be negative", "Use 0 to turn a rule off, or a positive value.");
        }

        if (MaxAge == TimeSpan.Zero && KeepLast == 0 && KeepDaily == 0 && KeepWeekly == 0 && KeepMonthly == 0)
        {
            throw Invalid("every rule is 0, so it would keep nothing but the newest good backup",
                "Set -MaxAge or at least one of -KeepLast, -KeepDaily, -KeepWeekly, -KeepMonthly.");
        }
    }

    public override string ToString()
    {
        var rules = new List<string>();
        if (MaxAge > TimeSpan.Zero) rules.Add("MaxAge " + MaxAge.ToString("c", CultureInfo.InvariantCulture));
        if (KeepLast > 0) rules.Add($"KeepLast {KeepLast}");
        if (KeepDaily > 0) rules.Add($"KeepDaily {KeepDaily}");
        if (KeepWeekly > 0) rules.Add($"KeepWeekly {KeepWeekly}");
        if (KeepMonthly > 0) rules.Add($"KeepMonthly {KeepMonthly}");
        return $"{Kind}: {(rules.Count == 0 ? "no rules" : string.Join(", ", rules))}";
    }

    /// <summary>The kind as DrBackup.Kind spells it (Qdrant, Redis, KubernetesConfig), for a name given in any case.</summary>
    public static string Canonical(string kind) =>
        Kinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase)) ?? kind;

    private DrException Invalid(string why, string action) => new(
        ErrorIds.RetentionPolicyInvalid, DrErrorCategory.InvalidArgument,
        $"The retention policy for '{Kind}' is not valid: {why}.", action, this);
}
