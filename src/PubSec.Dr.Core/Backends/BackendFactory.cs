namespace PubSec.Dr.Backends;

/// <summary>The factory every cmdlet uses: real clients for the real services (and the lab, which speaks their protocols).</summary>
public sealed partial class BackendFactory : IBackendFactory
{
    public static IBackendFactory Default { get; } = new BackendFactory();
}
