using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Hosting;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>The stub's command-line arguments: defaults, values, and refusals that keep it on loopback.</summary>
public sealed class AppArgumentTests
{
    [Fact]
    public void Without_app_arguments_there_is_no_stub_and_the_region_is_primary()
    {
        var options = LabArguments.Parse(["--data", "lab"]);

        Assert.False(options.App.Enabled);
        Assert.Equal("primary", options.App.Region);
        Assert.Equal("documents", options.App.Collection);
    }

    [Fact]
    public void App_arguments_are_taken()
    {
        var options = LabArguments.Parse(["--data", "lab", "--region", "secondary", "--app-address", "127.0.0.3", "--app-port", "18080",
            "--app-redis", "127.0.0.1:6380", "--app-redis-password-file", "redis.key", "--app-collection", "docs"]);

        Assert.Equal("secondary", options.App.Region);
        Assert.Equal("http://127.0.0.3:18080", options.App.BaseUrl);
        Assert.Equal("127.0.0.1:6380", options.App.Redis);
        Assert.Equal(Path.GetFullPath("redis.key"), options.App.RedisPasswordFile);
        Assert.Equal("docs", options.App.Collection);
    }

    [Theory]
    [InlineData("--app-address", "10.0.0.5")]
    [InlineData("--app-address", "localhost")]
    [InlineData("--app-port", "70000")]
    [InlineData("--app-port", "-1")]
    [InlineData("--region", "")]
    public void Bad_values_are_refused(string name, string value)
    {
        var ex = Assert.Throws<LabStartupException>(() => LabArguments.Parse(["--data", "lab", name, value]));
        Assert.Contains(name, ex.Message);
    }
}
