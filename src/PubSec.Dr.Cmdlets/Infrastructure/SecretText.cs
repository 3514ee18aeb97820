using System.Net;
using System.Security;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>Unwraps a SecureString only at the point of use (an HTTP header), never for display.</summary>
internal static class SecretText
{
    public static string? Reveal(SecureString? secret) =>
        secret is null || secret.Length == 0 ? null : new NetworkCredential(string.Empty, secret).Password;
}
