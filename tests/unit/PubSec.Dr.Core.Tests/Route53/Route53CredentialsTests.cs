using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Tests.Route53;

/// <summary>Where the Route53 client's keys and endpoint come from, and the refusals that keep two identities from mixing.</summary>
public sealed class Route53CredentialsTests
{
    private static DrRoute53Settings Settings(Uri? endpoint = null) =>
        new("Z1", endpoint, "us-east-1", null, "PUBSECDR_UNIT_R53_KEY", "PUBSECDR_UNIT_R53_SECRET", null);

    [Fact]
    public async Task Keys_come_from_the_variables_the_file_names_and_the_endpoint_from_the_file()
    {
        Environment.SetEnvironmentVariable("PUBSECDR_UNIT_R53_KEY", "AKIDFILE");
        Environment.SetEnvironmentVariable("PUBSECDR_UNIT_R53_SECRET", "secret-from-file");
        try
        {
            var connection = Route53Credentials.Connect(Settings(new Uri("http://127.0.0.1:5000")));
            Assert.Equal("AKIDFILE", (await connection.Credentials.GetCredentialsAsync()).AccessKey);
            Assert.Equal(new Uri("http://127.0.0.1:5000"), connection.Endpoint);
            Assert.Equal("us-east-1", connection.SigningRegion);

            var overridden = Route53Credentials.Connect(Settings(), accessKeyId: "AKIDCLI", secretAccessKey: "secret-cli");
            Assert.Equal("AKIDCLI", (await overridden.Credentials.GetCredentialsAsync()).AccessKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PUBSECDR_UNIT_R53_KEY", null);
            Environment.SetEnvironmentVariable("PUBSECDR_UNIT_R53_SECRET", null);
        }
    }

    [Fact]
    public void Half_a_key_pair_on_the_command_line_is_refused()
    {
        var error = Assert.Throws<DrException>(() => Route53Credentials.Connect(Settings(), accessKeyId: "AKIDCLI"));
        Assert.Equal(ErrorIds.Route53CredentialsMissing, error.ErrorId);
    }

    [Fact]
    public void A_variable_the_file_names_but_nobody_set_is_EnvironmentSecretMissing()
    {
        var error = Assert.Throws<DrException>(() => Route53Credentials.Connect(Settings()));
        Assert.Equal(ErrorIds.EnvironmentSecretMissing, error.ErrorId);
    }
}
