using Amazon.Runtime;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Tests.Route53;

/// <summary>A Route53Client over a fake handler, with a fixed clock and retries that do not sleep.</summary>
internal static class Route53TestClient
{
    public static readonly Uri Endpoint = new("https://route53.amazonaws.com/");

    public static Route53Client Create(FakeRoute53Handler handler, List<TimeSpan>? delays = null, int maxAttempts = 6) =>
        new(new Route53Connection(Endpoint, "us-east-1", new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
        {
            Clock = () => new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc),
            Retry = new Route53RetryPolicy
            {
                MaxAttempts = maxAttempts,
                Delay = (delay, _) =>
                {
                    delays?.Add(delay);
                    return Task.CompletedTask;
                },
            },
        }, handler);
}
