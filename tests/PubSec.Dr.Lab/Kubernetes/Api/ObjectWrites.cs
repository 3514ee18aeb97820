using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Create, replace, patch and delete for the configuration kinds (everything but the StatefulSet writes, pods and
/// claims, which keep their own paths). The checks run in the apiserver's order: body shape, name and namespace,
/// the namespace's existence and lifecycle, then the store (AlreadyExists, NotFound, the resourceVersion
/// precondition). <c>dryRun=All</c> answers what would be stored without storing it.
/// </summary>
internal sealed class ObjectWrites(KubeStore store, Action changed)
{
    private static readonly string[] ServerFields =
        ["uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"];

    // Namespaces the apiserver refuses to delete (NamespaceLifecycle's immortal namespaces).
    private static readonly string[] Immortal = ["default", "kube-system", "kube-public"];

    public JsonObject Create(ResourceType type, string? ns, JsonNode? body, bool dryRun)
    {
        var obj = AsObject(type, body);
        var metadata = obj.Metadata();
        if (type.Namespaced)
        {
            var given = metadata["namespace"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(given) && given != ns)
            {
                throw KubeErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            var prefix = metadata["generateName"]?.GetValue<string>();
            if (string.IsNullOrEmpty(prefix))
            {
                throw KubeErrors.Invalid(type.Kind, type.Group, "", "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
            }

            name = prefix + KubeNames.Random(5);
            metadata["name"] = name;
        }

        NameRules.Check(type, name);
        if (type.Namespaced)
        {
            var owner = store.Get(ResourceTypes.Namespaces, null, ns!) ?? throw KubeErrors.NotFound(ResourceTypes.Namespaces, ns!);
            if (owner.IsTerminating())
            {
                throw KubeErrors.NamespaceTerminating(type, name, ns!);
            }
        }

        if (store.Get(type, ns, name) is not null)
        {
            throw KubeErrors.AlreadyExists(type, name);
        }

        foreach (var field in ServerFields)
        {
            metadata.Remove(field);
        }

        ObjectDefaults.OnCreate(type, obj, type == ResourceTypes.Services
            ? store.List(ResourceTypes.Services, null).Items.Select(s => s["spec"]?["clusterIP"]?.GetValue<string>() ?? "")
            : []);
        if (dryRun)
        {
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = KubeTime.Now();
            metadata["generation"] = 1;
            obj["kind"] = type.Kind;
            obj["apiVersion"] = type.ApiVersion;
            return obj;
        }

        JsonObject stored;
        try
        {
            stored = store.Create(type, obj);
        }
        catch (InvalidOperationException)
        {
            // Another create of the same name won the race.
            throw KubeErrors.AlreadyExists(type, name);
        }

        AfterCreate(type, stored);
        changed();
        return stored;
    }

    public JsonObject Replace(ResourceType type, string? ns, string name, JsonNode? body, bool dryRun)
    {
        var desired = AsObject(type, body);
        return Write(type, ns, name, dryRun, _ => desired);
    }

    public JsonObject Patch(ResourceType type, string? ns, string name, string patchType, JsonNode? patch, bool dryRun) =>
        Write(type, ns, name, dryRun, current => Patches.Apply(current.DeepClone().AsObject(), patchType, patch));

    /// <summary>
    /// 200 with a Success Status for an object gone at once; a namespace answers itself, Terminating, and is emptied
    /// and removed by the namespace controller. Dependents (ReplicaSets and pods of a Deployment, pods of a
    /// StatefulSet) go with the garbage collector's next pass.
    /// </summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        var current = store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
        options.CheckPreconditions(type, current);
        if (type == ResourceTypes.Namespaces)
        {
            if (Immortal.Contains(name))
            {
                throw KubeErrors.Forbidden(type, name, $"namespace {name} is forbidden: this namespace may not be deleted");
            }

            static StoreChange Terminate(JsonObject n)
            {
                if (n.IsTerminating())
                {
                    return StoreChange.None;
                }

                n.Metadata()["deletionTimestamp"] = KubeTime.Now();
                n.Metadata()["deletionGracePeriodSeconds"] = 0;
                n.Child("status")["phase"] = "Terminating";
                return StoreChange.MetadataOrStatus;
            }

            if (options.DryRun)
            {
                Terminate(current);
                return current;
            }

            var terminating = store.Update(type, ns!, name, Terminate);
            changed();
            return terminating;
        }

        if (options.DryRun)
        {
            return KubeErrors.Deleted(type, current);
        }

        var removed = store.Remove(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
        changed();
        return KubeErrors.Deleted(type, removed);
    }

    /// <summary>A replace whose desired object is computed from the stored one inside the store lock (patches, a Deployment's scale).</summary>
    public JsonObject Write(ResourceType type, string? ns, string name, bool dryRun, Func<JsonObject, JsonObject> desiredOf)
    {
        StoreChange Change(JsonObject current)
        {
            var desired = desiredOf(current);
            CheckTypeMeta(type, desired);
            var given = desired.Metadata()["name"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(given) && given != name)
            {
                throw KubeErrors.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
            }

            var givenNamespace = desired.Metadata()["namespace"]?.GetValue<string>();
            if (type.Namespaced && !string.IsNullOrEmpty(givenNamespace) && givenNamespace != ns)
            {
                throw KubeErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            var precondition = desired.Metadata()["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(precondition) && precondition != current.ResourceVersion())
            {
                throw KubeErrors.Modified(type, name);
            }

            ObjectDefaults.OnUpdate(type, desired, current);
            desired["kind"] = type.Kind;
            desired["apiVersion"] = type.ApiVersion;
            desired.Metadata()["resourceVersion"] = current.ResourceVersion();
            desired.Metadata().Remove("managedFields");
            if (JsonNode.DeepEquals(desired, current))
            {
                return StoreChange.None;
            }

            var specChanged = !JsonNode.DeepEquals(desired["spec"], current["spec"]);
            foreach (var key in current.Select(p => p.Key).ToList())
            {
                current.Remove(key);
            }

            foreach (var (key, value) in desired.ToList())
            {
                desired.Remove(key);
                current[key] = value;
            }

            return specChanged && type.Kind is not "Namespace" ? StoreChange.Spec : StoreChange.MetadataOrStatus;
        }

        if (dryRun)
        {
            var copy = store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
            Change(copy);
            return copy;
        }

        var result = store.Update(type, ns!, name, Change);
        changed();
        return result;
    }

    private void AfterCreate(ResourceType type, JsonObject stored)
    {
        if (type == ResourceTypes.Namespaces)
        {
            // What kube-controller-manager's root-ca-cert-publisher and serviceaccount controllers add to every namespace.
            store.Create(ResourceTypes.ConfigMaps, InfrastructureSeed.RootCaConfigMap(stored.Name()));
            store.Create(ResourceTypes.ServiceAccounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = stored.Name() } });
        }
        else if (type == ResourceTypes.PersistentVolumeClaims && stored["spec"]?["volumeName"] is not null && stored.Namespace() != ClusterLayout.Namespace)
        {
            store.Create(ResourceTypes.PersistentVolumes, StatefulSetPods.NewVolume(stored));
        }
    }

    private static JsonObject AsObject(ResourceType type, JsonNode? body)
    {
        var obj = body as JsonObject
            ?? throw KubeErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: the body is not a JSON object");
        CheckTypeMeta(type, obj);
        return obj;
    }

    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        if ((!string.IsNullOrEmpty(kind) && kind != type.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion))
        {
            throw KubeErrors.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match the object at the URL ({type.ApiVersion}, {type.Kind})");
        }
    }
}
