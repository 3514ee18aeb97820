using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using Xunit;

namespace PubSec.Dr.Tests.Environments;

public sealed class DrEnvironmentLoaderTests
{
    private const string Source = "/etc/pubsec/dr/prod.json";

    private const string Valid = """
        {
          // comments are allowed: operators annotate these files
          "name": "prod",
          "regions": {
            "primary": {
              "kubernetes": { "kubeconfig": "kube/config.yaml", "context": "we" },
              "qdrant": { "rest": ["http://10.0.0.1:6333", "http://10.0.0.2:6333"], "grpc": "http://10.0.0.1:6334", "apiKeyVariable": "QDRANT_KEY" },
              "redis": { "endpoint": "redis-we:6379", "passwordVariable": "REDIS_PW" },
              "application": { "baseUrl": "https://we.example.org", "apiKeySecret": "app-api-keys" },
              "store": { "location": "backups/we" }
            },
            "secondary": {
              "qdrant": { "rest": "http://10.1.0.1:6333" },
              "store": { "location": "s3://dr/ne", "region": "eu-north-1", "accessKeyIdVariable": "AWS_KEY", "secretAccessKeyVariable": "AWS_SECRET" }
            },
          },
          "service": { "publicUrl": "https://app.example.org" },
          "dns": {
            "route53": { "hostedZoneId": "/hostedzone/Z0123456789ABC" },
            "records": [ { "name": "App.Example.org", "type": "a", "values": { "primary": ["192.0.2.1"], "secondary": "192.0.2.2" } } ],
            "resolvers": [ { "name": "google", "address": "8.8.8.8" }, { "address": "127.0.0.1:5353", "authoritative": true } ]
          },
          "objectives": { "rpo": "PT20M" }
        }
        """;

    [Fact]
    public void A_valid_file_gives_every_section_with_the_plans_defaults_and_paths_beside_the_file()
    {
        var environment = DrEnvironmentLoader.Parse(Valid, Source);

        Assert.Equal("prod", environment.Name);
        Assert.Equal(["primary", "secondary"], environment.Regions.Keys.Order());
        var primary = environment.Region("PRIMARY");
        Assert.Same(environment, primary.Environment);
        Assert.Equal("/etc/pubsec/dr/kube/config.yaml", primary.Kubernetes!.KubeConfig);
        Assert.Equal(("we", "pubsec-info-assistant", "qdrant"), (primary.Kubernetes.Context, primary.Kubernetes.Namespace, primary.Kubernetes.StatefulSet));
        Assert.Equal(2, primary.Qdrant!.Rest.Count);
        Assert.Equal("/etc/pubsec/dr/backups/we", primary.Store!.Location);
        Assert.Equal(("https://we.example.org/", "app-api-keys"), (primary.Application!.BaseUrl.ToString(), primary.Application.ApiKeySecret));
        Assert.Equal("s3://dr/ne", environment.Region("secondary").Store!.Location);
        Assert.Single(environment.Region("secondary").Qdrant!.Rest);

        var dns = environment.Dns!;
        Assert.Equal("Z0123456789ABC", dns.Route53.HostedZoneId);
        Assert.Equal("us-east-1", dns.Route53.Region);
        var record = Assert.Single(dns.Records);
        Assert.Equal(("app.example.org.", "A", 60), (record.Name, record.Type, record.Ttl));
        Assert.Equal("secondary", record.RegionOf(["192.0.2.2"]));
        Assert.Null(record.RegionOf(["192.0.2.9"]));
        Assert.Equal(53, dns.Resolvers[0].Address.Port);
        Assert.True(dns.Resolvers[1].Authoritative);

        Assert.Equal(TimeSpan.FromMinutes(20), environment.Objectives.Rpo);
        Assert.Equal(TimeSpan.FromHours(2), environment.Objectives.Rto);
        Assert.Equal(TimeSpan.FromHours(4), environment.Objectives.RtoMax);
        Assert.Equal(TimeSpan.FromHours(1), environment.Objectives.RpoMax);
        Assert.Equal(TimeSpan.FromMinutes(30), environment.Objectives.FailoverRto);
        Assert.Equal("document", environment.Service!.TestQuery);
    }

    [Theory]
    [InlineData("\"redis\": { \"endpoint\": \"r:6379\", \"password\": \"hunter2-very-secret\" }", "regions.primary.redis.password", "passwordVariable")]
    [InlineData("\"store\": { \"location\": \"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=hunter2-very-secret\" }", "regions.primary.store.location", "connection string")]
    [InlineData("\"application\": { \"baseUrl\": \"https://admin:hunter2-very-secret@we.example.org\" }", "regions.primary.application.baseUrl", "credential")]
    [InlineData("\"store\": { \"location\": \"s3://b\", \"accessKeyId\": \"AKIAABCDEFGHIJKLMNOP\" }", "regions.primary.store.accessKeyId", "accessKeyIdVariable")]
    public void A_secret_in_the_file_refuses_the_whole_file_naming_the_field_never_the_value(string section, string field, string hint)
    {
        var text = "{ \"regions\": { \"primary\": { " + section + " } } }";

        var error = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(text, Source));

        Assert.Equal(ErrorIds.EnvironmentSecretInFile, error.ErrorId);
        Assert.Equal(DrErrorCategory.SecurityError, error.Category);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAABCDEFGHIJKLMNOP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_key_secret_is_a_secret_name_checked_as_a_kubernetes_name_while_a_key_in_its_place_is_still_refused()
    {
        static string File(string value) => "{ \"regions\": { \"primary\": { \"application\": { \"baseUrl\": \"https://we.example.org\", \"apiKeySecret\": \"" + value + "\" } } } }";

        var invalid = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(File("App_Keys"), Source));
        Assert.Equal(ErrorIds.EnvironmentInvalid, invalid.ErrorId);
        Assert.Contains("regions.primary.application.apiKeySecret: 'App_Keys' is not a Secret name", invalid.Message, StringComparison.Ordinal);

        var credential = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(File("Bearer hunter2-very-secret-token"), Source));
        Assert.Equal(ErrorIds.EnvironmentSecretInFile, credential.ErrorId);
        Assert.DoesNotContain("hunter2", credential.Message, StringComparison.Ordinal);

        var elsewhere = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(
            "{ \"regions\": { \"primary\": { \"redis\": { \"endpoint\": \"r:6379\", \"apiKeySecret\": \"app-api-keys\" } } } }", Source));
        Assert.Equal(ErrorIds.EnvironmentSecretInFile, elsewhere.ErrorId);
        Assert.Null(DrEnvironmentLoader.Parse(File("app-api-keys").Replace(", \"apiKeySecret\": \"app-api-keys\"", "", StringComparison.Ordinal), Source)
            .Region("primary").Application!.ApiKeySecret);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_field()
    {
        const string text = """
            {
              "regions": {
                "primary": { "qdrant": { "rest": ["htp://x", "http://ok:6333"] }, "redis": {}, "kubernetes": { "namespace": "Not_A_Name" } },
                "Secondary": { },
                "dr": { "qdrnat": {} }
              },
              "dns": { "route53": { "hostedZoneId": "bad id!" }, "records": [ { "name": "a.example.org", "type": "A", "values": { "primary": ["not-an-ip"], "mars": ["192.0.2.1"] } } ] },
              "objectives": { "rto": "05:00:00", "rpo": "soon" }
            }
            """;

        var error = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse(text, Source));

        Assert.Equal(ErrorIds.EnvironmentInvalid, error.ErrorId);
        foreach (var expected in new[]
        {
            "regions.primary.qdrant.rest[0]: 'htp://x' is not an http:// or https:// URI",
            "regions.primary.redis.endpoint: is required",
            "regions.primary.kubernetes.namespace: 'Not_A_Name' is not a Kubernetes name",
            "regions.Secondary: a region name must be lower-case",
            "regions.dr.qdrnat: unknown field",
            "dns.route53.hostedZoneId: 'bad id!' is not a hosted zone id",
            "dns.records[0].values.primary: 'not-an-ip' is not a valid A value",
            "dns.records[0].values.mars: names no region of this file",
            "dns.records[0].values: has no value for region 'dr'",
            "objectives.rto: 05:00:00 is above rtoMax 04:00:00",
            "objectives.rpo: 'soon' is not a duration",
        })
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains(Source, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_line_and_a_missing_file_has_its_own_id()
    {
        var broken = Assert.Throws<DrException>(() => DrEnvironmentLoader.Parse("{\n  \"regions\": {\n  oops\n}", Source));
        Assert.Equal(ErrorIds.EnvironmentInvalid, broken.ErrorId);
        Assert.Contains("line 3", broken.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<DrException>(() => DrEnvironmentLoader.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.json")));
        Assert.Equal(ErrorIds.EnvironmentNotFound, missing.ErrorId);
    }

    [Fact]
    public void An_unknown_region_lists_the_known_ones()
    {
        var environment = DrEnvironmentLoader.Parse(Valid, Source);

        var error = Assert.Throws<DrException>(() => environment.Region("tertiary"));

        Assert.Equal(ErrorIds.EnvironmentRegionUnknown, error.ErrorId);
        Assert.Contains("primary, secondary", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_is_read_from_its_variable_only_when_needed_and_an_unset_one_is_named()
    {
        var variable = "PUBSECDR_TEST_" + Guid.NewGuid().ToString("N");
        var text = Valid.Replace("QDRANT_KEY", variable, StringComparison.Ordinal);
        var qdrant = DrEnvironmentLoader.Parse(text, Source).Region("primary").Qdrant!;

        var error = Assert.Throws<DrException>(() => qdrant.ApiKey());
        Assert.Equal(ErrorIds.EnvironmentSecretMissing, error.ErrorId);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable(variable, "key-from-the-vault");
        try
        {
            Assert.Equal("key-from-the-vault", qdrant.ApiKey());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_missing_section_is_named_by_its_path()
    {
        var environment = DrEnvironmentLoader.Parse(Valid, Source);

        var error = Assert.Throws<DrException>(() => environment.Region("secondary").Require(r => r.Redis, "redis"));

        Assert.Equal(ErrorIds.EnvironmentSectionMissing, error.ErrorId);
        Assert.Contains("'regions.secondary.redis'", error.Message, StringComparison.Ordinal);
    }
}
