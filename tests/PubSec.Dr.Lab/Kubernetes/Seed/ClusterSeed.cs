namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>Fills an empty store with the emulated cluster on the lab's first start.</summary>
internal static class ClusterSeed
{
    public static void Fill(KubeStore store, SeedSettings settings)
    {
        foreach (var (type, obj) in InfrastructureSeed.Objects().Concat(ApplicationSeed.Objects(settings)).Concat(WorkloadSeed.Objects(settings)).Concat(OperationsSeed.Objects(settings)))
        {
            store.Create(type, obj);
        }
    }

    /// <summary>
    /// Adds to a lab seeded by an older version what later versions seed (a lab's data folder outlives rebuilds):
    /// today the application's API-key Secret. Runs on every start; what exists is left as it is.
    /// </summary>
    public static void AddMissing(KubeStore store)
    {
        if (store.Get(ResourceTypes.Secrets, ClusterLayout.Namespace, ApplicationSeed.ApiKeysSecret) is null)
        {
            store.Create(ResourceTypes.Secrets, ApplicationSeed.ApiKeys());
        }
    }
}
