using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// A parsed <c>s3://bucket/optional/prefix</c>. Parsed from the raw text, not through <see cref="Uri"/>, because
/// Uri lower-cases the host and would silently turn an invalid bucket name into a different, valid one.
/// </summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3://";

    /// <summary>The display form <c>s3://bucket/prefix/</c>; it holds no credential by construction.</summary>
    public string Display => Scheme + Bucket + "/" + (Prefix.Length == 0 ? string.Empty : Prefix + "/");

    /// <summary>The S3 key of a store key: the store prefix joined with the validated key.</summary>
    public string ObjectKey(string key) => PrefixWith(StoreKey.Validate(key));

    /// <summary>The S3 key prefix for a store-relative listing prefix (which may be empty or end mid-segment).</summary>
    public string PrefixWith(string relative) => Prefix.Length == 0 ? relative : Prefix + "/" + relative;

    /// <summary>The store-relative key of an S3 key under this prefix, or null when it lies outside it.</summary>
    public string? RelativeKey(string objectKey)
    {
        if (Prefix.Length == 0)
        {
            return objectKey;
        }

        var root = Prefix + "/";
        return objectKey.StartsWith(root, StringComparison.Ordinal) ? objectKey[root.Length..] : null;
    }

    public static bool IsS3(string location) => location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public static S3Location Parse(string location)
    {
        if (!IsS3(location))
        {
            throw Invalid(location, "it does not start with s3://");
        }

        var rest = location[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Contains('@'))
        {
            // s3://key:secret@bucket is not a form S3 knows; refuse it without echoing what may be a secret.
            throw Invalid(Scheme + "***@" + bucket[(bucket.LastIndexOf('@') + 1)..], "it must not carry credentials");
        }

        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimEnd('/');
        if (BucketProblem(bucket) is { } problem)
        {
            throw Invalid(location, $"the bucket name '{bucket}' {problem}");
        }

        if (prefix.Length > 0)
        {
            try
            {
                StoreKey.Validate(prefix);
            }
            catch (DrException ex)
            {
                throw new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
                    $"The backup store '{location}' cannot be used: its prefix '{prefix}' is not a valid key path.",
                    "Use a prefix of plain '/'-separated names without '..', '.', empty segments or backslashes.", location, ex);
            }
        }

        return new S3Location(bucket, prefix);
    }

    // The general-purpose bucket naming rules of Amazon S3, so a typo fails here rather than as a signature error.
    private static string? BucketProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63)
        {
            return "must be 3 to 63 characters long";
        }

        if (!bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
        {
            return "may contain only lower-case letters, digits, '.' and '-'";
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return "must begin and end with a letter or digit";
        }

        if (bucket.Contains("..", StringComparison.Ordinal))
        {
            return "must not contain two adjacent periods";
        }

        if (System.Net.IPAddress.TryParse(bucket, out _) && bucket.Count(c => c == '.') == 3)
        {
            return "must not look like an IP address";
        }

        string[] reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
        string[] reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
        if (reservedPrefixes.Any(p => bucket.StartsWith(p, StringComparison.Ordinal))
            || reservedSuffixes.Any(s => bucket.EndsWith(s, StringComparison.Ordinal)))
        {
            return "uses a prefix or suffix that S3 reserves";
        }

        return null;
    }

    private static DrException Invalid(string location, string why) => new(
        ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
        $"The backup store '{location}' cannot be used: {why}.",
        "Give the store as s3://bucket or s3://bucket/prefix with an existing S3 bucket name.", location);
}
