using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Route53;

/// <summary>
/// Builds a <see cref="Route53Connection"/> the way the S3 store and every AWS tool do: explicit keys (the variables the
/// environment file names, or keys the cmdlet was given), else a named profile, else the SDK's default chain
/// (environment, shared profile, web identity/IRSA, instance role). Endpoint: the file's, else
/// AWS_ENDPOINT_URL_ROUTE_53 / AWS_ENDPOINT_URL (the AWS CLI's variables), else Route53's global endpoint.
/// </summary>
public static class Route53Credentials
{
    public static Route53Connection Connect(DrRoute53Settings settings, NetworkDeadlines? deadlines = null, string? accessKeyId = null,
        string? secretAccessKey = null)
    {
        if ((accessKeyId is null) != (secretAccessKey is null))
        {
            // Half a pair from the command line would be completed from the file: two identities mixed into one key.
            throw Missing("Only half of an AWS key pair was given for Route53 (-AccessKeyId without -SecretAccessKey, or the reverse).",
                "Give both -AccessKeyId and -SecretAccessKey, or neither to use the credentials the environment file names.");
        }

        var key = accessKeyId ?? settings.AccessKeyId();
        var secret = secretAccessKey ?? settings.SecretAccessKey();
        var token = accessKeyId is null ? settings.SessionToken() : null;
        AWSCredentials credentials;
        if (!string.IsNullOrEmpty(key) || !string.IsNullOrEmpty(secret))
        {
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
            {
                throw Missing("Only half of an AWS key pair was given for Route53.",
                    "Give both the access key id and the secret access key (variables or parameters), or neither to use the profile or the default AWS credential chain.");
            }

            credentials = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token);
        }
        else if (settings.Profile is { } profile)
        {
            credentials = new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile) ? fromProfile
                : throw Missing($"The AWS profile '{profile}' for Route53 does not exist or has no usable credentials.",
                    "Check dns.route53.profile and ~/.aws/credentials or ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).");
        }
        else
        {
            try
            {
                credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            }
            catch (AmazonClientException ex)
            {
                throw Missing("No AWS credentials were found for Route53 (environment, shared profile, web identity or instance role).",
                    "Name the key variables in dns.route53 (accessKeyIdVariable, secretAccessKeyVariable), a profile, or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.", ex);
            }
        }

        return new Route53Connection(Endpoint(settings), string.IsNullOrWhiteSpace(settings.Region) ? DrRoute53Settings.DefaultRegion : settings.Region,
            credentials, deadlines);
    }

    private static Uri Endpoint(DrRoute53Settings settings)
    {
        if (settings.Endpoint is not null)
        {
            return settings.Endpoint;
        }

        foreach (var variable in new[] { "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo))
                {
                    return uri;
                }

                // The value is not echoed: a mistyped endpoint may hold user:password.
                throw new DrException(ErrorIds.Route53EndpointInvalid, DrErrorCategory.InvalidArgument,
                    $"The Route53 endpoint in {variable} is not an http(s) URL without user information.",
                    "Give it as http(s)://host[:port], or unset it to use https://route53.amazonaws.com.", variable);
            }
        }

        return Route53Connection.DefaultEndpoint;
    }

    private static DrException Missing(string message, string action, Exception? inner = null) =>
        new(ErrorIds.Route53CredentialsMissing, DrErrorCategory.AuthenticationError, message, action, "route53", inner);
}
