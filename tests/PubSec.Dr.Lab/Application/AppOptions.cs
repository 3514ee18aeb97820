namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The application stub of one region (<c>--region</c>, <c>--app-*</c>): where it listens and which Redis and collection
/// it depends on. The Redis password comes from a file, never from the command line (ps would show it).
/// </summary>
internal sealed record AppOptions
{
    public const string DefaultRegion = "primary";

    public string Region { get; init; } = DefaultRegion;

    public string Address { get; init; } = "127.0.0.2";

    /// <summary>0: no application stub in this lab process.</summary>
    public int Port { get; init; }

    /// <summary><c>host:port</c> of the region's Redis; null means the stub has no Redis to check (then /ready reports it).</summary>
    public string? Redis { get; init; }

    public string? RedisPasswordFile { get; init; }

    public string Collection { get; init; } = "documents";

    public bool Enabled => Port > 0;

    public string BaseUrl => $"http://{Address}:{Port}";
}
