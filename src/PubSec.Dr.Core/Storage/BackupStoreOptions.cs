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

    /// <summary>Size of one multipart part or block; bigger parts mean fewer requests but more memory.</summary>
    public int PartSizeBytes { get; init; } = DefaultPartSizeBytes;

    /// <summary>Parts in flight at once. Memory is bounded by PartSizeBytes × (Concurrency + 1).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>
    /// How long the store may keep a call waiting: connecting, and each request (for a part or block upload, the
    /// wait for progress; for a download, the wait for the next bytes). Defaults: 10 s and 100 s.
    /// </summary>
    public NetworkDeadlines Deadlines { get; init; } = NetworkDeadlines.Default;

    public const int DefaultPartSizeBytes = 16 << 20;
    public const int DefaultConcurrency = 4;
}
