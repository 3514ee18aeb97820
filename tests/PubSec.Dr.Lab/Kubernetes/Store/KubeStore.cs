using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The object store (the emulated etcd): one lock, one monotonic resourceVersion counter for every object, every
/// commit written to kubernetes.json before it is visible. Callers always get copies, never the stored objects.
/// A bounded history of changes lets a watch resume from a recent resourceVersion.
/// </summary>
internal sealed class KubeStore
{
    private const int HistoryLength = 2000;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<StoreEvent> _history = new();
    private readonly KubeStateFile _file;
    private long _resourceVersion;

    public KubeStore(KubeStateFile file)
    {
        _file = file;
        _resourceVersion = file.ResourceVersion;
        foreach (var obj in file.Objects)
        {
            var type = ResourceTypes.OfKind(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
            _objects[Key(type, obj.Namespace(), obj.Name())] = obj;
        }
    }

    /// <summary>Raised under the store lock, in commit order; handlers must only queue the event.</summary>
    public event Action<StoreEvent>? Changed;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>The oldest resourceVersion a watch can still resume after.</summary>
    public long OldestWatchable
    {
        get
        {
            lock (_gate)
            {
                return _history.First is { } first ? first.Value.ResourceVersion - 1 : _resourceVersion;
            }
        }
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(type, ns, name), out var obj) ? obj.DeepClone().AsObject() : null;
        }
    }

    /// <summary>Copies of every object of a type (in one namespace, or all when <paramref name="ns"/> is null) in key order, with the list's resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        var prefix = type.Namespaced && ns is not null ? $"{type.Group}/{type.Plural}/{ns}/" : $"{type.Group}/{type.Plural}/";
        lock (_gate)
        {
            var items = _objects.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value.DeepClone().AsObject()).ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Subscribes to changes after <paramref name="afterVersion"/> (replaying the history) in one step, so no event is missed or doubled.</summary>
    public IDisposable Subscribe(long afterVersion, Action<StoreEvent> handler)
    {
        lock (_gate)
        {
            foreach (var past in _history.Where(e => e.ResourceVersion > afterVersion))
            {
                handler(past);
            }

            Changed += handler;
            return new Subscription(this, handler);
        }
    }

    /// <summary>Writes the file again, e.g. after the API port was chosen.</summary>
    public void Save()
    {
        lock (_gate)
        {
            _file.Save(_resourceVersion, _objects.Values);
        }
    }

    /// <summary>Stores a new object: uid, resourceVersion, generation 1 and creationTimestamp are the server's.</summary>
    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var key = Key(type, obj.Namespace(), obj.Name());
            if (_objects.ContainsKey(key))
            {
                throw new InvalidOperationException($"{key} already exists");
            }

            var stored = obj.DeepClone().AsObject();
            var metadata = stored.Metadata();
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["generation"] ??= 1;
            metadata["creationTimestamp"] ??= KubeTime.Now();
            stored["kind"] = type.Kind;
            stored["apiVersion"] = type.ApiVersion;
            Commit(type, key, stored, null, "ADDED");
            return stored.DeepClone().AsObject();
        }
    }

    /// <summary>Changes a stored object through <paramref name="change"/> on a copy; committed only if it says something changed and does not throw.</summary>
    public JsonObject? TryUpdate(ResourceType type, string? ns, string name, Func<JsonObject, StoreChange> change)
    {
        lock (_gate)
        {
            var key = Key(type, ns, name);
            if (!_objects.TryGetValue(key, out var current))
            {
                return null;
            }

            var updated = current.DeepClone().AsObject();
            var what = change(updated);
            if (what == StoreChange.None)
            {
                return current.DeepClone().AsObject();
            }

            if (what == StoreChange.Spec)
            {
                updated.Metadata()["generation"] = current.Generation() + 1;
            }

            Commit(type, key, updated, current, "MODIFIED");
            return updated.DeepClone().AsObject();
        }
    }

    public JsonObject Update(ResourceType type, string ns, string name, Func<JsonObject, StoreChange> change) =>
        TryUpdate(type, ns, name, change) ?? throw KubeErrors.NotFound(type, name);

    /// <summary>Removes an object for good; the DELETED event carries a new resourceVersion, as etcd's delete revision.</summary>
    public JsonObject? Remove(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            var key = Key(type, ns, name);
            if (!_objects.TryGetValue(key, out var current))
            {
                return null;
            }

            var last = current.DeepClone().AsObject();
            Commit(type, key, last, current, "DELETED");
            return last.DeepClone().AsObject();
        }
    }

    private void Commit(ResourceType type, string key, JsonObject obj, JsonObject? previous, string eventType)
    {
        var version = _resourceVersion + 1;
        obj.Metadata()["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        if (eventType == "DELETED")
        {
            _objects.Remove(key);
        }
        else
        {
            _objects[key] = obj;
        }

        try
        {
            _file.Save(version, _objects.Values);
        }
        catch
        {
            // Not durable means not committed: put the previous state back.
            if (previous is null)
            {
                _objects.Remove(key);
            }
            else
            {
                _objects[key] = previous;
            }

            throw;
        }

        _resourceVersion = version;
        var change = new StoreEvent(type, eventType, obj.DeepClone().AsObject(), previous?.DeepClone().AsObject(), version);
        _history.AddLast(change);
        if (_history.Count > HistoryLength)
        {
            _history.RemoveFirst();
        }

        Changed?.Invoke(change);
    }

    private static string Key(ResourceType type, string? ns, string name) =>
        type.Namespaced ? $"{type.Group}/{type.Plural}/{ns}/{name}" : $"{type.Group}/{type.Plural}/{name}";

    private sealed class Subscription(KubeStore store, Action<StoreEvent> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (store._gate)
            {
                store.Changed -= handler;
            }
        }
    }
}
