using System.Net;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Route53;

/// <summary>
/// Route53's error codes (service model, plus the generic AWS auth codes) as the module's stable error ids, each
/// with what an operator can do about it. The Route53 code and message are kept in the text: support quotes them.
/// </summary>
public static class Route53Errors
{
    /// <summary>Codes botocore retries for route53 (_retry.json): nothing was applied, so even a POST may be sent again.</summary>
    public static bool IsRetryable(string code) => code is "Throttling" or "ThrottlingException" or "PriorRequestNotComplete" or "RequestLimitExceeded";

    public static DrException Map(string operation, HttpStatusCode status, string code, string message, string target)
    {
        var said = $"Route53 {operation} failed with {code} (HTTP {(int)status}): {message}";
        return code switch
        {
            "NoSuchHostedZone" => new DrException(ErrorIds.Route53ZoneNotFound, DrErrorCategory.ObjectNotFound, said,
                "Check dns.route53.hostedZoneId in the environment file (aws route53 list-hosted-zones) and that the credentials belong to the zone's account.", target),
            "NoSuchChange" => new DrException(ErrorIds.Route53ChangeNotFound, DrErrorCategory.ObjectNotFound, said,
                "Check the change id; Route53 keeps changes for a limited time only.", target),
            "InvalidChangeBatch" or "NoSuchHealthCheck" or "InvalidInput" or "MalformedInput" or "InvalidDomainName" when operation == Route53Operations.Change =>
                new DrException(ErrorIds.Route53ChangeRejected, DrErrorCategory.InvalidArgument, said + " Nothing was changed: a batch is applied whole or not at all.",
                    "Fix the records in the environment file (names inside the zone, valid values, routing fields) and run the switch again.", target),
            "InvalidInput" or "MalformedInput" or "InvalidDomainName" or "InvalidPaginationToken" => new DrException(ErrorIds.Route53RequestInvalid,
                DrErrorCategory.InvalidArgument, said, "Check the hosted zone id and record names in the environment file.", target),
            "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" => new DrException(ErrorIds.Route53AccessDenied,
                DrErrorCategory.PermissionDenied, said,
                "Grant the identity route53:GetHostedZone, route53:ListResourceRecordSets, route53:ChangeResourceRecordSets and route53:GetChange on the zone.", target),
            "SignatureDoesNotMatch" or "IncompleteSignature" or "InvalidClientTokenId" or "MissingAuthenticationToken" or "UnrecognizedClientException"
                or "ExpiredToken" or "ExpiredTokenException" or "InvalidSignatureException" or "RequestExpired" => new DrException(ErrorIds.Route53AccessDenied,
                DrErrorCategory.AuthenticationError, said,
                "Check the AWS credentials (the variables the environment file names, the profile, or the default chain), that a session token is current, and the machine's clock.", target),
            _ when IsRetryable(code) => new DrException(ErrorIds.Route53Throttled, DrErrorCategory.ResourceBusy, said + " It was retried with back-off and still refused.",
                "Wait a minute and run the command again; other tools may be changing the zone (PriorRequestNotComplete) or calling Route53 at its rate limit (5 requests per second per account).", target),
            _ => new DrException(ErrorIds.Route53RequestFailed, (int)status >= 500 ? DrErrorCategory.ConnectionError : DrErrorCategory.InvalidResult, said,
                "Check the AWS Health Dashboard for Route53; if the error persists, run the command again with -Verbose and report the code and message.", target),
        };
    }

    public static DrException Unreachable(Uri endpoint, Exception cause) => new(ErrorIds.Route53Unreachable, DrErrorCategory.ConnectionError,
        $"Route53 at {endpoint.GetLeftPart(UriPartial.Authority)} cannot be reached: {cause.Message}",
        "Check the network path to Route53 (proxy, firewall, VPC endpoint) or dns.route53.endpoint in the environment file.", endpoint.ToString(), cause);

    public static DrException Timeout(Uri endpoint, string operation, TimeSpan after, Exception? cause = null) => new(ErrorIds.Route53Timeout,
        DrErrorCategory.OperationTimeout,
        $"Route53 at {endpoint.GetLeftPart(UriPartial.Authority)} did not answer {operation} within {after.TotalSeconds:0.#} s.",
        "Check the network path to Route53, or give a longer -RequestTimeout.", endpoint.ToString(), cause);

    public static DrException NotInSync(Uri endpoint, string changeId, string status, TimeSpan after) => new(ErrorIds.Route53Timeout,
        DrErrorCategory.OperationTimeout,
        $"The Route53 change {changeId} at {endpoint.GetLeftPart(UriPartial.Authority)} is still {status} after {after.TotalSeconds:0.#} s. It was accepted and will apply, but is not yet on every Route53 server.",
        $"Check it with 'aws route53 get-change --id {changeId}', or run the command again with a longer -WaitTimeout (UPSERT of the same values is harmless).", changeId);

    public static DrException Invalid(string operation, string why, string target, Exception? cause = null) => new(ErrorIds.Route53ResponseInvalid,
        DrErrorCategory.InvalidResult, $"Route53 answered {operation} with something the module cannot read: {why}",
        "Check that the endpoint is Route53 (dns.route53.endpoint or AWS_ENDPOINT_URL_ROUTE_53) and not a proxy's error page.", target, cause);
}

/// <summary>The operation names used in messages and in the error mapping.</summary>
public static class Route53Operations
{
    public const string GetHostedZone = "GetHostedZone";
    public const string List = "ListResourceRecordSets";
    public const string Change = "ChangeResourceRecordSets";
    public const string GetChange = "GetChange";
}
