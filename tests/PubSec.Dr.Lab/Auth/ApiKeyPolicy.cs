using System.Security.Cryptography;
using System.Text;

namespace PubSec.Dr.Lab.Auth;

/// <summary>
/// Qdrant's two static keys (§1.1): <c>service.api_key</c> grants everything, <c>service.read_only_api_key</c>
/// only reads. With neither configured every request is allowed, as on an unsecured Qdrant.
/// </summary>
internal sealed class ApiKeyPolicy(string? apiKey, string? readOnlyApiKey)
{
    public const string MissingKeyText = "Must provide an API key or an Authorization bearer token";
    public const string InvalidKeyText = "Invalid API key or JWT";
    public const string ManageRequiredText = "Global manage access is required";

    public bool Enabled => apiKey is not null || readOnlyApiKey is not null;

    public AccessLevel Check(string? presented)
    {
        if (!Enabled)
        {
            return AccessLevel.Manage;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AccessLevel.MissingKey;
        }

        if (apiKey is not null && FixedTimeEquals(presented, apiKey))
        {
            return AccessLevel.Manage;
        }

        return readOnlyApiKey is not null && FixedTimeEquals(presented, readOnlyApiKey) ? AccessLevel.ReadOnly : AccessLevel.InvalidKey;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
