namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>One lab for the tests that only read the emulated cluster or are refused without changing it.</summary>
public sealed class SharedKubeLab : IAsyncLifetime
{
    public const string Name = "shared kubernetes lab";

    public KubeLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await KubeLab.StartAsync();

    public async Task DisposeAsync() => await Lab.DisposeAsync();
}

[CollectionDefinition(SharedKubeLab.Name)]
public sealed class SharedKubeLabCollection : ICollectionFixture<SharedKubeLab>;
