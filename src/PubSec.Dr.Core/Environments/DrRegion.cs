namespace PubSec.Dr.Environments;

/// <summary>One region of the deployment: where its Kubernetes namespace, Qdrant, Redis, application and backup store are.</summary>
public sealed class DrRegion
{
    public required string Name { get; init; }

    /// <summary>The environment this region belongs to (its name and file, for error messages).</summary>
    public DrEnvironment Environment { get; internal set; } = null!;

    public DrKubernetesSettings? Kubernetes { get; init; }

    public DrQdrantSettings? Qdrant { get; init; }

    public DrRedisSettings? Redis { get; init; }

    /// <summary>
    /// A scratch Redis server that drills restore into, promote and FLUSHALL (never one holding production data: the
    /// parser refuses any region's <see cref="Redis"/> endpoint here). Null: the drills skip their Redis parts.
    /// </summary>
    public DrRedisSettings? DrillRedis { get; init; }

    public DrApplicationSettings? Application { get; init; }

    public DrStoreSettings? Store { get; init; }

    /// <summary>A section the caller needs, or an error naming regions.&lt;name&gt;.&lt;field&gt;.</summary>
    public T Require<T>(Func<DrRegion, T?> section, string field)
        where T : class =>
        section(this) ?? throw EnvironmentSections.Missing(Environment, $"regions.{Name}.{field}");

    public override string ToString() => Name;
}
