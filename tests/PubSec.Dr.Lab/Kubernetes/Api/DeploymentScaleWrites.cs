using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The <c>scale</c> subresource of a Deployment (what <c>kubectl scale deployment</c> and a failover's fencing use):
/// an autoscaling/v1 <c>Scale</c> read from the Deployment, and PUT/PATCH (merge, strategic, JSON patch, apply) that
/// change only <c>spec.replicas</c>. The checks are the StatefulSet scale's: 404 for a missing Deployment, 409 for a
/// stale <c>metadata.resourceVersion</c>, 422 for negative replicas (<c>Scale.autoscaling "api" is invalid: …</c>).
/// The Deployment and ReplicaSet controllers then move the pods, so status follows as in a cluster.
/// </summary>
internal sealed class DeploymentScaleWrites(KubeStore store, ObjectWrites writes)
{
    private static readonly ResourceType Type = ResourceTypes.Deployments;

    public JsonObject Get(string ns, string name) =>
        ScaleView.From(store.Get(Type, ns, name) ?? throw KubeErrors.NotFound(Type, name));

    public JsonObject Replace(string ns, string name, JsonNode? body, WriteOptions options) =>
        Write(ns, name, options, _ => body as JsonObject
            ?? throw KubeErrors.BadRequest("Scale in version \"v1\" cannot be handled as a Scale: the body is not a JSON object"));

    public JsonObject Patch(string ns, string name, string patchType, JsonNode? patch, WriteOptions options) =>
        Write(ns, name, options, current => Patches.Apply(ScaleView.From(current), patchType, patch));

    private JsonObject Write(string ns, string name, WriteOptions options, Func<JsonObject, JsonObject> scaleOf) =>
        ScaleView.From(writes.Write(Type, ns, name, options.DryRun, current =>
        {
            var scale = scaleOf(current);
            var given = scale.Metadata()["name"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(given) && given != name)
            {
                throw KubeErrors.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
            }

            // Only spec.replicas and the resourceVersion precondition pass from the Scale to the Deployment.
            var desired = current.DeepClone().AsObject();
            desired.Child("spec")["replicas"] = StatefulSetSpec.ReadReplicas(scale["spec"]?["replicas"], "Scale", "autoscaling", name);
            desired.Metadata()["resourceVersion"] = scale.Metadata()["resourceVersion"]?.DeepClone();
            return desired;
        }));
}
