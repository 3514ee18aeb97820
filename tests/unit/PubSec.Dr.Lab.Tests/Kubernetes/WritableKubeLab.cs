namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>One lab for tests that create, change and delete objects; each test works in a namespace of its own.</summary>
public sealed class WritableKubeLab : IAsyncLifetime
{
    public const string Name = "writable kubernetes lab";

    public KubeLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await KubeLab.StartAsync();

    public async Task DisposeAsync() => await Lab.DisposeAsync();

    /// <summary>Creates a fresh namespace for one test and returns its name.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var (status, body) = await Lab.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        Assert.True(status == System.Net.HttpStatusCode.Created, body.ToJsonString());
        return name;
    }
}

[CollectionDefinition(WritableKubeLab.Name)]
public sealed class WritableKubeLabCollection : ICollectionFixture<WritableKubeLab>;
