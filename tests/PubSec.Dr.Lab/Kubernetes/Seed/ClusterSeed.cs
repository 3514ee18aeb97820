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
}
