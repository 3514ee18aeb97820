using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using StackExchange.Redis;

namespace PubSec.Dr.Redis;

/// <summary>
/// Where a Redis server is and how to log in: "host", "host:port", "redis://[user@]host:port" or "rediss://..."
/// (TLS). A password inside the string is refused: it would end up in shell history and logs; it comes as a
/// SecureString instead. <see cref="Display"/> never shows credentials.
/// </summary>
public sealed class RedisEndpoint
{
    public const int DefaultPort = 6379;

    /// <summary>Connecting (TCP, TLS, login) within 10 s; each command's answer within 30 s.</summary>
    public static readonly NetworkDeadlines DefaultDeadlines = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

    public RedisEndpoint(string endpoint, string? password = null, string? user = null)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw Invalid(endpoint, "it is empty");
        }

        var text = endpoint.Trim();
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw Invalid("(unreadable URI)", "it is not a valid redis:// URI");
            }

            if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid($"{uri.Scheme}://{uri.Host}", "it contains a password; pass it with -Password as a SecureString");
            }

            Tls = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
            Host = uri.Host;
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
            User = user ?? (uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) : null);
        }
        else
        {
            // StackExchange.Redis configuration strings ("host:port,password=...") and user:password@host are not
            // endpoints here; saying so beats "the port is not a number", and the message masks the password.
            if (text.Contains(',', StringComparison.Ordinal))
            {
                throw Invalid(text, "it holds options after ','; give only host:port, the password with -Password and TLS as rediss://");
            }

            if (text.Contains('@', StringComparison.Ordinal))
            {
                throw Invalid(text, "it contains user info; give the user with -User and the password with -Password as a SecureString");
            }

            var colon = text.LastIndexOf(':');
            var bracketed = text.StartsWith('[');
            if (colon > 0 && (!bracketed || text[..colon].EndsWith(']')) && (bracketed || text.IndexOf(':') == colon))
            {
                Host = text[..colon].Trim('[', ']');
                Port = int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                    ? port
                    : throw Invalid(text, "the port is not a number from 1 to 65535");
            }
            else
            {
                Host = text.Trim('[', ']');
                Port = DefaultPort;
            }

            User = user;
        }

        if (Host.Length == 0 || Host.Any(c => char.IsWhiteSpace(c) || c == '/' || c == '@'))
        {
            throw Invalid(text, "the host name is not valid");
        }

        Password = password;
    }

    public string Host { get; }

    public int Port { get; }

    public bool Tls { get; }

    public string? User { get; }

    /// <summary>Secret; only ever handed to the connection.</summary>
    internal string? Password { get; }

    /// <summary>How long the server may keep us waiting: connecting (TCP, TLS, login), and each answer.</summary>
    public NetworkDeadlines Deadlines { get; init; } = DefaultDeadlines;

    /// <summary>host:port for output and manifests.</summary>
    public string Display => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The default backup name: host-port, safe as a path segment.</summary>
    public string DefaultName => $"{Host.Replace(':', '_')}-{Port}";

    /// <summary>Options for StackExchange.Redis with this endpoint's deadlines.</summary>
    public ConfigurationOptions ToOptions() => ToOptions(Deadlines);

    /// <summary>Options for StackExchange.Redis; admin commands (INFO, DEBUG-free) are allowed for backups.</summary>
    public ConfigurationOptions ToOptions(TimeSpan timeout) => ToOptions(new NetworkDeadlines(timeout, timeout));

    private ConfigurationOptions ToOptions(NetworkDeadlines deadlines)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { Host, Port } },
            User = User,
            Password = Password,
            Ssl = Tls,
            AllowAdmin = true,
            AbortOnConnectFail = true,
            ConnectTimeout = (int)deadlines.Connect.TotalMilliseconds,
            SyncTimeout = (int)deadlines.Request.TotalMilliseconds,
            AsyncTimeout = (int)deadlines.Request.TotalMilliseconds,
            ConnectRetry = 1,
            ClientName = "PubSecDr",
        };
        return options;
    }

    public override string ToString() => Display;

    private static DrException Invalid(string endpoint, string why) => new(
        ErrorIds.RedisEndpointInvalid, DrErrorCategory.InvalidArgument,
        $"The Redis endpoint '{endpoint}' cannot be used: {why}.",
        "Give host:port, redis://host:port or rediss://host:port (TLS), and the password with -Password.", endpoint);
}
