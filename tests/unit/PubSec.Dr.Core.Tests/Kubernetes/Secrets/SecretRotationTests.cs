using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Kubernetes.Secrets;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Kubernetes.Secrets;

/// <summary>
/// Update-DrSecret's engine and the drill's Secret remover against the lab's Kubernetes API (a real API server's
/// create, replace with resourceVersion and delete): new random values reach the cluster and the caller only.
/// </summary>
public sealed class SecretRotationTests(LabKubernetesApi lab) : IClassFixture<LabKubernetesApi>
{
    private KubernetesNamespaceTarget Target => new(lab.KubeconfigPath, null, lab.Namespace);

    private IKubernetesObjects Objects() => BackendFactory.Default.KubernetesObjects(Target, null);

    private async Task<string> SeedAsync(params (string Key, string Value)[] data)
    {
        var name = "rotation-" + Guid.NewGuid().ToString("N")[..8];
        using var objects = Objects();
        await objects.CreateAsync(ConfigResourceTypes.Secrets, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app.pubsec/api-keys"] = "true" },
                ["annotations"] = new JsonObject { ["owner"] = "security-team" },
            },
            ["type"] = "Opaque",
            ["data"] = new JsonObject(data.Select(d => new KeyValuePair<string, JsonNode?>(d.Key, SecretValues.Encode(d.Value)))),
        }, CancellationToken.None);
        return name;
    }

    private async Task<JsonObject> ReadAsync(string name)
    {
        using var objects = Objects();
        return (await objects.GetAsync(ConfigResourceTypes.Secrets, name, CancellationToken.None))!;
    }

    private static string Value(JsonObject secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key]!.GetValue<string>()));

    private static SecretRotationEngine Engine => new(BackendFactory.Default);

    [Fact]
    public async Task Every_key_gets_a_new_random_value_that_reaches_the_cluster_and_the_caller_only_the_rest_stays()
    {
        var name = await SeedAsync(("client-key", "old-one"), ("partner-key", "old-two"));
        var before = await ReadAsync(name);

        var outcome = (await Engine.RotateAsync(new SecretRotationRequest(Target, name), (_, _) => true, CancellationToken.None))!;

        var after = await ReadAsync(name);
        Assert.Equal(["client-key", "partner-key"], outcome.Rotation.Keys.Order());
        Assert.Equal((lab.Namespace, name, "Opaque"), (outcome.Rotation.Namespace, outcome.Rotation.Name, outcome.Rotation.Type));
        Assert.Equal(before["metadata"]!["resourceVersion"]!.GetValue<string>(), outcome.Rotation.PreviousResourceVersion);
        Assert.Equal(after["metadata"]!["resourceVersion"]!.GetValue<string>(), outcome.Rotation.ResourceVersion);
        Assert.NotEqual(outcome.Rotation.PreviousResourceVersion, outcome.Rotation.ResourceVersion);
        foreach (var key in new[] { "client-key", "partner-key" })
        {
            Assert.Equal(outcome.NewValues[key], Value(after, key));
            Assert.Matches("^[A-Za-z0-9_-]{43}$", outcome.NewValues[key]);
        }

        Assert.NotEqual(outcome.NewValues["client-key"], outcome.NewValues["partner-key"]);
        Assert.Equal("true", after["metadata"]!["labels"]!["app.pubsec/api-keys"]!.GetValue<string>());
        Assert.Equal("security-team", after["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
        Assert.Equal("Opaque", after["type"]!.GetValue<string>());
        var shown = $"{outcome} {outcome.Rotation} {System.Text.Json.JsonSerializer.Serialize(outcome.Rotation)}";
        Assert.DoesNotContain(outcome.NewValues["client-key"], shown, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValues.Encode(outcome.NewValues["client-key"]), shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_named_keys_are_rotated()
    {
        var name = await SeedAsync(("client-key", "old-one"), ("partner-key", "old-two"));

        var outcome = (await Engine.RotateAsync(new SecretRotationRequest(Target, name, ["partner-key"]), (_, _) => true, CancellationToken.None))!;

        var after = await ReadAsync(name);
        Assert.Equal(["partner-key"], outcome.Rotation.Keys);
        Assert.Equal("old-one", Value(after, "client-key"));
        Assert.Equal(outcome.NewValues["partner-key"], Value(after, "partner-key"));
        Assert.False(outcome.NewValues.ContainsKey("client-key"));
    }

    [Fact]
    public async Task A_missing_secret_a_missing_key_or_a_declined_confirmation_writes_nothing()
    {
        var name = await SeedAsync(("client-key", "old-one"));
        var version = (await ReadAsync(name))["metadata"]!["resourceVersion"]!.GetValue<string>();

        var noSecret = await Assert.ThrowsAsync<DrException>(() => Engine.RotateAsync(new SecretRotationRequest(Target, "no-such-secret"), (_, _) => true, CancellationToken.None));
        var noKey = await Assert.ThrowsAsync<DrException>(() => Engine.RotateAsync(new SecretRotationRequest(Target, name, ["client-key", "jwt"]), (_, _) => true, CancellationToken.None));
        var declined = await Engine.RotateAsync(new SecretRotationRequest(Target, name), (_, _) => false, CancellationToken.None);

        Assert.Equal((ErrorIds.SecretNotFound, DrErrorCategory.ObjectNotFound), (noSecret.ErrorId, noSecret.Category));
        Assert.Equal((ErrorIds.SecretKeyNotFound, DrErrorCategory.ObjectNotFound), (noKey.ErrorId, noKey.Category));
        Assert.Contains("'jwt'", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("its keys: client-key", noKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("old-one", noKey.Message, StringComparison.Ordinal);
        Assert.Null(declined);
        var after = await ReadAsync(name);
        Assert.Equal(version, after["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("old-one", Value(after, "client-key"));
    }

    [Fact]
    public async Task The_drill_remover_deletes_a_drill_copy_even_twice_and_refuses_a_secret_no_drill_made()
    {
        var environment = DrEnvironmentLoader.Parse($$"""
            { "name": "lab", "regions": { "primary": { "kubernetes": { "kubeconfig": "{{lab.KubeconfigPath}}", "namespace": "{{lab.Namespace}}" } } } }
            """, "/tmp/env.json");
        var production = await SeedAsync(("client-key", "production-value"));
        var copy = $"{DrillNames.ScratchPrefix}0123456789-{production}";
        using (var objects = Objects())
        {
            await objects.CreateAsync(ConfigResourceTypes.Secrets, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = copy }, ["data"] = new JsonObject { ["client-key"] = SecretValues.Encode("x") },
            }, CancellationToken.None);
        }

        var remover = new SecretRemover(BackendFactory.Default);
        await remover.RemoveAsync(environment, new DrillResource { Kind = SecretRemover.ResourceKind, Region = "primary", Name = copy }, CancellationToken.None);
        await remover.RemoveAsync(environment, new DrillResource { Kind = SecretRemover.ResourceKind, Region = "primary", Name = copy }, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DrException>(() =>
            remover.RemoveAsync(environment, new DrillResource { Kind = SecretRemover.ResourceKind, Region = "primary", Name = production }, CancellationToken.None));

        using var check = Objects();
        Assert.Null(await check.GetAsync(ConfigResourceTypes.Secrets, copy, CancellationToken.None));
        Assert.NotNull(await check.GetAsync(ConfigResourceTypes.Secrets, production, CancellationToken.None));
        Assert.Equal((ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError), (refused.ErrorId, refused.Category));
        Assert.Contains(production, refused.Message, StringComparison.Ordinal);
    }
}
