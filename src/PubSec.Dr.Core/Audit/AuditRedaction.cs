using System.Text.RegularExpressions;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Audit;

/// <summary>
/// Defence in depth for what goes into a record, which is kept for years and read by auditors: every text passes
/// the module's secret mask, and a parameter whose name says it holds a secret is stored as *** whatever its value,
/// even if the caller forgot to mask it.
/// </summary>
internal static partial class AuditRedaction
{
    public static string Text(string? text) => SecretMask.Apply(text) ?? string.Empty;

    public static IReadOnlyDictionary<string, string> Parameters(IReadOnlyDictionary<string, string>? parameters)
    {
        var masked = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            var safeName = Text(name);
            masked[safeName] = SecretName().IsMatch(name) ? SecretMask.Mask : Text(value);
        }

        return masked;
    }

    [GeneratedRegex("password|passwd|key|secret|token|credential|connectionstring|signature", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
