namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>One 3-node lab for every test that does not stop nodes; tests isolate themselves by collection name.</summary>
public sealed class SharedLab : IAsyncLifetime
{
    public const string Name = "shared lab";

    public LabInstance Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await LabInstance.StartAsync();

    public async Task DisposeAsync() => await Lab.DisposeAsync();

    /// <summary>A collection name no other test uses.</summary>
    public static string NewCollection(string prefix = "c") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

[CollectionDefinition(SharedLab.Name)]
public sealed class SharedLabCollection : ICollectionFixture<SharedLab>;
