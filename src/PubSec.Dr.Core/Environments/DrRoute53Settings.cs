namespace PubSec.Dr.Environments;

/// <summary>
/// The hosted zone (bare id) and how to call Route53: an endpoint override (else the AWS default), the signing
/// region, and either a profile, the variables that hold keys, or nothing (the AWS default credential chain).
/// </summary>
public sealed record DrRoute53Settings(
    string HostedZoneId,
    Uri? Endpoint,
    string Region,
    string? Profile,
    string? AccessKeyIdVariable,
    string? SecretAccessKeyVariable,
    string? SessionTokenVariable)
{
    public const string DefaultRegion = "us-east-1";

    public string? AccessKeyId() => EnvironmentVariables.Read(AccessKeyIdVariable, "the Route53 access key id");

    public string? SecretAccessKey() => EnvironmentVariables.Read(SecretAccessKeyVariable, "the Route53 secret access key");

    public string? SessionToken() => EnvironmentVariables.Read(SessionTokenVariable, "the Route53 session token");
}
