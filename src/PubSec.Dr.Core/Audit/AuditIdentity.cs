using System.Text;
using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Audit;

/// <summary>
/// Who is acting and where, as the platform reports it: an explicit PUBSECDR_AUDIT_IDENTITY (Azure Automation
/// runbooks set it to their managed identity or account), else inside a Kubernetes pod the service account the
/// API server issued the token for, else the signed-in user (DOMAIN\user on Windows).
/// </summary>
public sealed class AuditIdentity
{
    public const string EnvironmentVariable = "PUBSECDR_AUDIT_IDENTITY";
    public const string ServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public AuditIdentity(string identity, string host)
    {
        Identity = identity;
        Host = host;
    }

    public string Identity { get; }

    public string Host { get; }

    public static AuditIdentity Current() => Current(ServiceAccountTokenPath);

    /// <summary>As <see cref="Current()"/>, reading the service account token from <paramref name="tokenPath"/> (tests).</summary>
    public static AuditIdentity Current(string tokenPath)
    {
        var identity = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured.Trim()
            : ServiceAccountSubject(tokenPath) ?? SignedInUser();
        return new AuditIdentity(identity, Environment.MachineName);
    }

    /// <summary>
    /// The token's "sub" claim (system:serviceaccount:namespace:name). The token is only decoded, not verified: it
    /// names the identity the pod runs as, which is what the record needs; any failure falls back to the user name,
    /// and the token itself is never kept or shown.
    /// </summary>
    internal static string? ServiceAccountSubject(string tokenPath)
    {
        try
        {
            if (!File.Exists(tokenPath))
            {
                return null;
            }

            var parts = File.ReadAllText(tokenPath).Trim().Split('.');
            if (parts.Length != 3)
            {
                return null;
            }

            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                && sub.GetString() is { Length: > 0 } subject
                ? SecretMask.Apply(subject)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string SignedInUser() =>
        OperatingSystem.IsWindows() && !string.IsNullOrEmpty(Environment.UserDomainName)
            ? $"{Environment.UserDomainName}\\{Environment.UserName}"
            : Environment.UserName;
}
