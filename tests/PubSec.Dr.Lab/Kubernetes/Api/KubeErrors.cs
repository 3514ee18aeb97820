using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The apiserver's failure <c>Status</c> objects (reference §3): reason/code pairs and message wording as the
/// real server writes them, so clients that match on reason or message behave as against a cluster.
/// </summary>
internal static class KubeErrors
{
    public static KubeApiException NotFound(ResourceType type, string name) =>
        Failure(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", Details(type, name));

    /// <summary>A create of a name that is taken: <c>deployments.apps "api" already exists</c>.</summary>
    public static KubeApiException AlreadyExists(ResourceType type, string name) =>
        Failure(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", Details(type, name));

    /// <summary>A create in a namespace being deleted, refused by the NamespaceLifecycle admission plugin.</summary>
    public static KubeApiException NamespaceTerminating(ResourceType type, string name, string ns) =>
        Failure(403, "Forbidden", $"{type.QualifiedName} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", Details(type, name));

    public static KubeApiException Forbidden(ResourceType type, string name, string message) =>
        Failure(403, "Forbidden", message, Details(type, name));

    /// <summary>The 200 Status a delete answers when the object is gone at once (what kubectl prints as deleted).</summary>
    public static JsonObject Deleted(ResourceType type, JsonObject obj)
    {
        var details = Details(type, obj.Name());
        details["uid"] = obj.Uid();
        return new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details };
    }

    public static KubeApiException PathNotFound() =>
        Failure(404, "NotFound", "the server could not find the requested resource", []);

    public static KubeApiException MethodNotAllowed() =>
        Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", []);

    public static KubeApiException Unauthorized() => Failure(401, "Unauthorized", "Unauthorized", null);

    public static KubeApiException BadRequest(string message) => Failure(400, "BadRequest", message, null);

    public static KubeApiException UnsupportedMediaType() => Failure(415, "UnsupportedMediaType",
        $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", PatchTypes.All)}", null);

    /// <summary>A create or replace body that is not JSON (kubectl's typed clients send protobuf first and fall back to JSON on this 415).</summary>
    public static KubeApiException UnsupportedBodyType() => Failure(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json", null);

    /// <summary>Stale resourceVersion on an update: the optimistic-concurrency message of §2.7.</summary>
    public static KubeApiException Modified(ResourceType type, string name) => Conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");

    public static KubeApiException Conflict(ResourceType type, string name, string why) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": {why}", Details(type, name));

    /// <summary>A server-side apply that would take a field another manager owns, without force.</summary>
    public static KubeApiException ApplyConflict(ResourceType type, string name, IReadOnlyList<string> managers, string apiVersion, string field)
    {
        var message = managers.Count == 1
            ? $"Apply failed with 1 conflict: conflict with \"{managers[0]}\" using {apiVersion}: {field}"
            : $"Apply failed with {managers.Count} conflicts: " + string.Join("\n", managers.Select(m => $"conflict with \"{m}\" using {apiVersion}: {field}"));
        var details = Details(type, name);
        details["causes"] = new JsonArray(managers.Select(m => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with \"{m}\" using {apiVersion}",
            ["field"] = field,
        }).ToArray());
        return Failure(409, "Conflict", message, details);
    }

    /// <summary>422 with one field cause, e.g. <c>StatefulSet.apps "qdrant" is invalid: spec.replicas: Invalid value: -1: …</c>.</summary>
    public static KubeApiException Invalid(string kind, string group, string name, string field, string causeReason, string causeMessage)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return Failure(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {field}: {causeMessage}", new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = causeMessage, ["field"] = field }),
        });
    }

    /// <summary>A JSON patch that cannot be applied: the apiserver answers 422 with the patch library's message.</summary>
    public static KubeApiException PatchNotApplicable(string message) => Failure(422, "Invalid", message, []);

    public static KubeApiException Expired(string message) => Failure(410, "Expired", message, null);

    public static KubeApiException Internal(string message) => Failure(500, "InternalError", message, null);

    public static JsonObject Status(int code, string reason, string message, JsonObject? details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };

    private static KubeApiException Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = Status(code, reason, message, details);
        if (details is null)
        {
            status.Remove("details");
        }

        return new KubeApiException(code, status);
    }

    private static JsonObject Details(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }
}
