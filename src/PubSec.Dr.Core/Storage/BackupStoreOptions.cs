using PubSec.Dr.Network;

namespace PubSec.Dr.Storage;

/// <summary>
/// How to reach an object store, beyond its location string. Everything is optional: unset values come
/// from each ecosystem's usual sources (AWS environment variables, profiles and instance roles; Azure
/// connection string variable or DefaultAzureCredential). Secrets held here are never printed.
/// </summary>
public sealed class BackupStoreOptions
{
    /// <summary>AWS region, e.g. eu-west-1 (else AWS_REGION / the profile).</summary>
    public string? Region { get; init; }

    /// <summary>Service endpoint override (S3-compatible servers, private endpoints, the lab's moto or Azurite).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>AWS shared-config profile name.</summary>
    public string? Profile { get; init; }

    /// <summary>Explicit AWS access key id; needs <see cref="SecretAccessKey"/>.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Explicit AWS secret access key. Secret.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>AWS session token for temporary credentials. Secret.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Azure Storage connection string (else AZURE_STORAGE_CONNECTION_STRING). Secret.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Size of one multipart part or block; bigger parts mean fewer requests but more memory. An upper bound: a part's buffer grows with the data.</summary>
    public int PartSizeBytes { get; init; } = DefaultPartSizeBytes;

    /// <summary>Parts in flight at once. Memory is bounded by PartSizeBytes × (Concurrency + 1).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>
    /// How long the store may keep a call waiting: connecting, and each request (for a part or block upload, the
    /// wait for progress; for a download, the wait for the next bytes). Defaults: 10 s and 100 s.
    /// </summary>
    public NetworkDeadlines Deadlines { get; init; } = NetworkDeadlines.Default;

    /// <summary>When given, every check, listing and restore through the store requires manifests signed by one of these.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? TrustedSigners { get; init; }

    public const int DefaultPartSizeBytes = 16 << 20;
    public const int DefaultConcurrency = 4;

    /// <summary>The smallest part size in MiB: S3's minimum for every part but the last.</summary>
    public const int MinPartSizeMB = 5;

    /// <summary>
    /// The largest part size in MiB. A part is held in one byte array while it uploads, and a .NET array ends just
    /// short of 2 GiB (Array.MaxLength, 2,147,483,591 bytes): 2048 MiB cannot be held, and as an int it is negative.
    /// Both stores take more (S3 parts up to 5 GiB, Azure blocks up to 4000 MiB), so this is the module's limit.
    /// At 2047 MiB S3's 10,000 parts hold objects of about 20 TiB and Azure's 50,000 blocks about 100 TiB.
    /// </summary>
    public const int MaxPartSizeMB = 2047;

    /// <summary>A part size in MiB as bytes, computed in 64 bits; outside MinPartSizeMB..MaxPartSizeMB it is refused, never wrapped.</summary>
    public static int PartSizeBytesFromMB(int megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(megabytes, MinPartSizeMB);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(megabytes, MaxPartSizeMB);
        return checked((int)((long)megabytes * 1024 * 1024));
    }
}
