using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Tests.Environments;

/// <summary>A drill flushes its drillRedis: a file that names a production Redis there is refused as a whole.</summary>
public sealed class DrillRedisParsingTests
{
    private static string File(string primaryDrill, string secondaryDrill = "") => $$"""
        {
          "regions": {
            "primary": { "redis": { "endpoint": "127.0.0.1:6379", "passwordVariable": "REDIS_PW" }{{primaryDrill}} },
            "secondary": { "redis": { "endpoint": "redis-ne:6380" }{{secondaryDrill}} }
          }
        }
        """;

    [Fact]
    public void A_drill_redis_of_its_own_is_read_with_the_same_fields_as_redis()
    {
        var environment = DrEnvironmentLoader.Parse(
            File(""", "drillRedis": { "endpoint": "127.0.0.1:6390", "user": "drill", "passwordVariable": "DRILL_PW" }"""), "/tmp/env.json");

        Assert.Equal(new DrRedisSettings("127.0.0.1:6390", "drill", "DRILL_PW"), environment.Region("primary").DrillRedis);
        Assert.Null(environment.Region("secondary").DrillRedis);
    }

    [Theory]
    [InlineData("primary", "127.0.0.1:6379", "regions.primary.redis.endpoint")]
    [InlineData("primary", "localhost:6379", "regions.primary.redis.endpoint")]
    [InlineData("primary", "redis://127.0.0.1", "regions.primary.redis.endpoint")]
    [InlineData("primary", "REDIS-NE:6380", "regions.secondary.redis.endpoint")]
    [InlineData("secondary", "redis-ne:6380", "regions.secondary.redis.endpoint")]
    [InlineData("secondary", "[::1]:6379", "regions.primary.redis.endpoint")]
    public void A_drill_redis_that_is_any_regions_redis_is_refused(string region, string endpoint, string production)
    {
        var section = $$""", "drillRedis": { "endpoint": "{{endpoint}}" }""";
        var text = region == "primary" ? File(section) : File("", section);

        var error = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(text, "/tmp/env.json"));

        Assert.Equal(ErrorIds.EnvironmentInvalid, error.ErrorId);
        Assert.Contains($"regions.{region}.drillRedis.endpoint: '{endpoint}' is the same server as {production}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:6380")]
    [InlineData("redis-ne:6379")]
    [InlineData("10.0.0.5:6379")]
    public void Another_port_or_host_is_a_server_of_its_own(string endpoint)
    {
        var environment = DrEnvironmentLoader.Parse(File($$""", "drillRedis": { "endpoint": "{{endpoint}}" }"""), "/tmp/env.json");

        Assert.Equal(endpoint, environment.Region("primary").DrillRedis!.Endpoint);
    }
}
