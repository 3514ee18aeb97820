using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace PubSec.Dr.Route53;

/// <summary>
/// SigV4 for Route53 requests (docs: shared/reference/route53.md 5.1, recipe A of 5.3): this class writes the
/// canonical request, AWSSDK.Core's AWS4Signer does the key derivation and HMAC, so no signing math is ours. We
/// sign host, x-amz-date, the body hash (as the .NET SDK does), the content type of a body and a session token.
/// </summary>
public static class Route53Signer
{
    public const string Service = "route53";
    private const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Adds X-Amz-Date, X-Amz-Content-SHA256, X-Amz-Security-Token and Authorization to a request with a buffered body.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, DateTime signedAtUtc,
        bool signContentHash = true)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var date = signedAtUtc.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = date,
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", date);
        if (signContentHash)
        {
            headers["x-amz-content-sha256"] = payloadHash;
            request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        }

        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        if (request.Content?.Headers.ContentType is MediaTypeHeaderValue contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = CanonicalRequest(request.Method.Method, uri, headers, signedHeaders, payloadHash);
        var result = AWS4Signer.ComputeSignature(credentials.AccessKey, credentials.SecretKey, region, signedAtUtc.ToUniversalTime(), Service,
            signedHeaders, canonical);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>The canonical request of 5.1: method, URI, query, headers, signed header names, payload hash.</summary>
    public static string CanonicalRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string signedHeaders, string payloadHash)
    {
        var text = new StringBuilder();
        text.Append(method).Append('\n');
        text.Append(CanonicalPath(uri)).Append('\n');
        text.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(':').Append(string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        text.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return text.ToString();
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        // Services other than S3 encode the already-encoded path once more; Route53's paths are plain ASCII anyway.
        return string.Join('/', path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..]);
            return (Key: Encode(key), Value: Encode(value));
        });
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986: unreserved characters as they are, every other byte of the UTF-8 form as %XX upper case.</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
