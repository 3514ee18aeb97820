using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// One committed change, for watches: ADDED, MODIFIED or DELETED with the object after the change (for DELETED,
/// the last state with the deletion's resourceVersion) and, for MODIFIED, the state before it.
/// </summary>
internal sealed record StoreEvent(ResourceType Type, string EventType, JsonObject Object, JsonObject? Previous, long ResourceVersion);
