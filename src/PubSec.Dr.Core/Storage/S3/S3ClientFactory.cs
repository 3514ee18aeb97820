using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// Builds the S3 client the way every AWS tool does: explicit keys, else a named profile, else the SDK's
/// default chain (environment, shared profile, web identity/IRSA, instance role). The region and an endpoint
/// override (S3-compatible servers, private endpoints, the lab's moto) follow the same order.
/// </summary>
internal static class S3ClientFactory
{
    static S3ClientFactory()
    {
        // SDK v4 returns null instead of an empty list for empty listings unless this is set.
        AWSConfigs.InitializeCollections = true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static AmazonS3Client Create(S3Location location, BackupStoreOptions options)
    {
        var profile = options.Profile is null ? null : Profile(location, options.Profile);
        var credentials = ExplicitCredentials(location, options) ?? ProfileCredentials(location, options.Profile);
        // AWS_DEFAULT_REGION is the AWS CLI's variable; many CronJob manifests set only that one, and the .NET SDK
        // does not read it.
        var region = options.Region ?? profile?.Region?.SystemName ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new DrException(ErrorIds.StoreRegionMissing, DrErrorCategory.InvalidArgument,
                $"No AWS region is known for the backup store {location.Display}.",
                "Set AWS_REGION (e.g. eu-west-1) or the region of the AWS profile in use, or make the store with New-DrBackupStore -Region.", location.Display);
        }

        // Connecting has its deadline here; every request gets its own from the store (Deadline, ProgressWatchdog),
        // so the SDK's whole-request timeout is off: it would cut a slow 4 GB part upload that is still moving.
        var config = new AmazonS3Config
        {
            ConnectTimeout = options.Deadlines.Connect,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var endpoint = Endpoint(location, options);
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            // Custom endpoints (moto, MinIO, VPC endpoints by URL) rarely resolve bucket sub-domains.
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    private static AWSCredentials? ExplicitCredentials(S3Location location, BackupStoreOptions options)
    {
        var hasKey = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKey != hasSecret)
        {
            throw new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
                $"Only half of an AWS key pair was given for the backup store {location.Display}.",
                "Give both the access key id and the secret access key, or neither to use the profile or the default AWS credential chain.",
                location.Display);
        }

        if (!hasKey)
        {
            return null;
        }

        return string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
            : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
    }

    private static AWSCredentials? ProfileCredentials(S3Location location, string? profileName)
    {
        if (profileName is null)
        {
            return null;
        }

        if (new CredentialProfileStoreChain().TryGetAWSCredentials(profileName, out var credentials))
        {
            return credentials;
        }

        throw new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
            $"The AWS profile '{profileName}' for the backup store {location.Display} has no usable credentials.",
            "Check the profile name in ~/.aws/credentials or ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).",
            location.Display);
    }

    private static CredentialProfile Profile(S3Location location, string profileName)
    {
        if (new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile))
        {
            return profile;
        }

        throw new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
            $"The AWS profile '{profileName}' for the backup store {location.Display} does not exist.",
            "Check the profile name in ~/.aws/credentials or ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).",
            location.Display);
    }

    private static Uri? Endpoint(S3Location location, BackupStoreOptions options)
    {
        if (options.Endpoint is not null)
        {
            return CheckEndpoint(location, options.Endpoint.OriginalString, "-Endpoint");
        }

        foreach (var variable in new[] { "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return CheckEndpoint(location, value, variable);
            }
        }

        return null;
    }

    private static Uri CheckEndpoint(S3Location location, string value, string source)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        // The value is not echoed: a mistyped endpoint may hold user:password.
        throw new DrException(ErrorIds.StoreEndpointInvalid, DrErrorCategory.InvalidArgument,
            $"The S3 endpoint from {source} for the backup store {location.Display} is not an http(s) URL without user information.",
            "Give the endpoint as http(s)://host[:port], e.g. https://s3.eu-west-1.amazonaws.com or the address of an S3-compatible server.",
            location.Display);
    }
}
