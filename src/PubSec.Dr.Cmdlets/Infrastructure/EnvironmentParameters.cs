using System.Security;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// The one rule every cmdlet follows for -Environment/-Region: an explicit parameter wins; without it the
/// region's setting is used; without either the cmdlet fails before any work with an error naming both ways.
/// </summary>
internal static class EnvironmentParameters
{
    /// <summary>The region the cmdlet works on, or null when no -Environment was given.</summary>
    public static DrRegion? Region(DrEnvironment? environment, string? region)
    {
        if (environment is null)
        {
            return region is null ? null : throw new DrException(ErrorIds.EnvironmentParameterConflict, DrErrorCategory.InvalidArgument,
                $"-Region '{region}' names a region of an environment file, but no -Environment was given.",
                "Give -Environment (from Import-DrEnvironment) together with -Region, or the explicit parameters instead.", region);
        }

        if (region is null)
        {
            // A one-region file needs no -Region; with more, guessing the region would be guessing where to write.
            return environment.Regions.Count == 1 ? environment.Regions.Values.First()
                : throw new DrException(ErrorIds.EnvironmentRegionUnknown, DrErrorCategory.InvalidArgument,
                    $"-Environment '{environment.Name}' has several regions; say which one this command works on.",
                    $"Add -Region with one of: {string.Join(", ", environment.Regions.Keys)}.", environment.Name);
        }

        return environment.Region(region);
    }

    public static QdrantConnection Qdrant(DrRegion? region, Uri[]? qdrantUri, Uri? grpcUri, SecureString? apiKey, NetworkDeadlines deadlines)
    {
        if (qdrantUri is { Length: > 0 })
        {
            return new QdrantConnection(qdrantUri, grpcUri, SecretText.Reveal(apiKey), deadlines);
        }

        var settings = Required(region, "-QdrantUri").Require(r => r.Qdrant, "qdrant");
        return new QdrantConnection(settings.Rest, grpcUri ?? settings.Grpc, SecretText.Reveal(apiKey) ?? settings.ApiKey(), deadlines);
    }

    public static IBackupStore Store(DrRegion? region, IBackupStore? store, string parameter = "-Store") =>
        store ?? Required(region, parameter).Require(r => r.Store, "store").Open();


    public static RedisEndpoint Redis(DrRegion? region, string? endpoint, SecureString? password, string? user, NetworkDeadlines deadlines,
        string parameter = "-Endpoint")
    {
        var (text, secret, login) = RedisLogin(region, endpoint, password, user, parameter);
        return new RedisEndpoint(text, secret, login) { Deadlines = deadlines };
    }

    /// <summary>Endpoint text, password and user: the explicit ones, else the region's Redis.</summary>
    public static (string Endpoint, string? Password, string? User) RedisLogin(DrRegion? region, string? endpoint, SecureString? password, string? user,
        string parameter = "-Endpoint")
    {
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            return (endpoint, SecretText.Reveal(password), user);
        }

        var settings = Required(region, parameter).Require(r => r.Redis, "redis");
        return (settings.Endpoint, SecretText.Reveal(password) ?? settings.Password(), user ?? settings.User);
    }

    /// <summary>
    /// The region a replica follows: the one named, else, in a two-region environment, the other region
    /// (the primary region replicates to the secondary's Redis, plan 1.2).
    /// </summary>
    public static DrRegion? PrimaryRegionOf(DrRegion? replicaRegion, string? primaryRegion)
    {
        if (replicaRegion is null)
        {
            return null;
        }

        var environment = replicaRegion.Environment;
        if (primaryRegion is not null)
        {
            return environment.Region(primaryRegion);
        }

        var others = environment.Regions.Values.Where(region => region != replicaRegion).ToList();
        return others.Count == 1 ? others[0] : throw new DrException(ErrorIds.ParameterRequired, DrErrorCategory.InvalidArgument,
            $"The environment '{environment.Name}' has {environment.Regions.Count} regions; which one's Redis does '{replicaRegion.Name}' replicate?",
            "Add -PrimaryRegion, or give -Primary explicitly.", replicaRegion.Name);
    }

    /// <summary>The Kubernetes target: explicit values first, then the region's, then the defaults (kubeconfig chain, namespace, qdrant).</summary>
    public static KubernetesTarget Kubernetes(DrRegion? region, string? kubeConfig, string? context, string? ns, string? statefulSet)
    {
        var settings = region?.Kubernetes;
        return new KubernetesTarget(
            kubeConfig ?? settings?.KubeConfig,
            context ?? settings?.Context,
            ns ?? settings?.Namespace ?? DrKubernetesSettings.DefaultNamespace,
            statefulSet ?? settings?.StatefulSet ?? DrKubernetesSettings.DefaultStatefulSet);
    }

    private static DrRegion Required(DrRegion? region, string parameter) =>
        region ?? throw new DrException(ErrorIds.ParameterRequired, DrErrorCategory.InvalidArgument,
            $"{parameter} is required when no -Environment is given.",
            $"Give {parameter}, or -Environment (from Import-DrEnvironment) and -Region.", parameter);
}
