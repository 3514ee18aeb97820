using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PubSec.Dr.Errors;

/// <summary>
/// Masks credentials in text the module shows: a location or endpoint an operator typed with a secret in it
/// (a connection string, user:password@ in a URL or a Redis endpoint, a SAS or password in a query or Redis
/// configuration string, a bearer token) keeps its shape, and the secret becomes "***". Every DrException
/// passes its message, action and string target through this, so an error that quotes its input cannot
/// quote a secret; the places that build display forms (store locations, Redis endpoints) use it too.
/// It recognises the shapes secrets come in; a bare secret typed where a host name belongs cannot be told apart.
/// </summary>
public static partial class SecretMask
{
    public const string Mask = "***";

    /// <summary>Connection-string keys that only Azure Storage (or Service Bus) connection strings have.</summary>
    private static readonly string[] ConnectionStringKeys =
        ["AccountKey=", "SharedAccessSignature=", "SharedAccessKey=", "DefaultEndpointsProtocol=", "UseDevelopmentStorage="];

    /// <summary>The text with every recognised secret replaced by ***.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var masked = UserInfoPassword().Replace(text, m => m.Groups["user"].Value + ":" + Mask + "@");
        masked = SecretSetting().Replace(masked, m => m.Groups["key"].Value + Mask);
        return BearerToken().Replace(masked, m => m.Groups["scheme"].Value + Mask);
    }

    /// <summary>An error's target: a string masked, a URI with a password given a masked one, anything else as it is.</summary>
    public static object? ApplyTo(object? target) => target switch
    {
        string text => Apply(text),
        Uri { IsAbsoluteUri: true } uri when uri.UserInfo.Contains(':', StringComparison.Ordinal) => new UriBuilder(uri) { Password = Mask }.Uri,
        _ => target,
    };

    /// <summary>
    /// Whether the text is an Azure Storage connection string (or a fragment of one) rather than a location:
    /// a -Store given one would otherwise become a folder named after the account key.
    /// </summary>
    public static bool LooksLikeConnectionString(string text) =>
        ConnectionStringKeys.Any(key => text.Contains(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// user:password@ in a URL ("http://u:p@host") or an endpoint ("u:p@host:port"). The password may hold '@'
    /// itself: it runs to the last '@' before the host. The user name stays (it is not a secret and helps tell
    /// which credentials were meant).
    /// </summary>
    [GeneratedRegex("""(?<=^|[\s'"(<\[=,;]|//)(?<user>[^\s'"/\\@:?#]*):(?<password>[^\s'"/\\?#]+)@(?=[^\s'"/\\@?#]*(?:[/\s'"?#)>\],;]|$))""", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    /// <summary>
    /// key=value settings that hold secrets: connection strings (AccountKey, SharedAccessSignature), SAS query
    /// parameters (sig), Redis configuration strings (password=), and the usual token and key names.
    /// </summary>
    [GeneratedRegex("""(?<key>(?<![A-Za-z0-9_-])(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig|signature|password|passwd|pwd|secret|client_secret|token|access_token|api[-_]?key|X-Amz-Signature|X-Amz-Security-Token)\s*=\s*)(?<value>[^;&,\s'"]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretSetting();

    [GeneratedRegex("""(?<scheme>\bBearer\s+)[A-Za-z0-9\-._~+/]+=*""", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
