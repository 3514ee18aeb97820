namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>What an update changed: nothing (no new resourceVersion), metadata or status, or the spec (generation too).</summary>
internal enum StoreChange
{
    None,
    MetadataOrStatus,
    Spec,
}
