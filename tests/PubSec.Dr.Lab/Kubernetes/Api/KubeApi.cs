using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Routes one authenticated request: discovery and /version, then resource URLs by verb. GET works on every
/// served resource and list; POST on the collections of the creatable kinds (201); PUT/PATCH/DELETE per
/// <see cref="ResourceType.ObjectVerbs"/> (StatefulSets and their scale through <see cref="StatefulSetWrites"/>, a Deployment's scale through
/// <see cref="DeploymentScaleWrites"/>, pod
/// and claim deletes through <see cref="ObjectDeletes"/>, the rest through <see cref="ObjectWrites"/>). A known URL
/// with another verb is 405 MethodNotAllowed, an unknown URL 404 NotFound, both as Status objects. Reads and lists
/// come as a Table when the Accept header prefers one (kubectl get).
/// </summary>
internal sealed class KubeApi(KubeStore store, StatefulSetWrites statefulSets, DeploymentScaleWrites deploymentScales, ObjectDeletes deletes, ObjectWrites writes, CancellationToken shutdown)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (Discovery.Answer(path) is { } discovery)
        {
            RequireVerb(request, "GET");
            await Respond(context, 200, discovery).ConfigureAwait(false);
            return;
        }

        var target = KubeRequestPath.Parse(path) ?? throw KubeErrors.PathNotFound();
        var (type, ns, name, subresource) = (target.Type, target.Namespace, target.Name, target.Subresource);
        if (name is null && subresource is null && HttpMethods.IsPost(request.Method) && type.Creatable)
        {
            var created = writes.Create(type, ns, await CreateBodyAsync(request, type).ConfigureAwait(false), WriteOptions.IsDryRun(request.Query));
            await Respond(context, 201, created).ConfigureAwait(false);
            return;
        }

        if (name is null)
        {
            RequireVerb(request, "GET");
            var query = ListQuery.Parse(request.Query, type);
            if (query.Watch)
            {
                await WatchStream.RunAsync(context, store, type, ns, query, shutdown).ConfigureAwait(false);
                return;
            }

            var list = ListResponses.Build(store, type, ns, query);
            await (TableView.IsWanted(request)
                ? Respond(context, 200, TableView.OfList(type, list, request.Query["includeObject"]), TableView.ContentType)
                : Respond(context, 200, list)).ConfigureAwait(false);
            return;
        }

        var result = subresource switch
        {
            null => await ObjectAsync(request, type, ns, name).ConfigureAwait(false),
            "scale" when type == ResourceTypes.StatefulSets => await ScaleAsync(request, ns!, name).ConfigureAwait(false),
            "scale" when type == ResourceTypes.Deployments => await DeploymentScaleAsync(request, ns!, name).ConfigureAwait(false),
            "status" => Status(request, type, ns, name),
            _ => throw KubeErrors.PathNotFound(),
        };
        await (subresource is null && HttpMethods.IsGet(request.Method) && TableView.IsWanted(request)
            ? Respond(context, 200, TableView.OfObject(type, result, request.Query["includeObject"]), TableView.ContentType)
            : Respond(context, 200, result)).ConfigureAwait(false);
    }

    public static Task Respond(HttpContext context, int code, JsonObject body, string contentType = "application/json")
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body.ToJsonString(Rest.LabJson.Compact), context.RequestAborted);
    }

    private async Task<JsonObject> ObjectAsync(HttpRequest request, ResourceType type, string? ns, string name)
    {
        RequireVerb(request, [.. type.ObjectVerbs]);
        switch (request.Method)
        {
            case "GET":
                return store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
            case "PUT":
                var update = WriteOptions.Parse(request, "UpdateOptions", null, null);
                var body = await JsonBodyAsync(request).ConfigureAwait(false);
                return type == ResourceTypes.StatefulSets ? statefulSets.Replace(ns!, name, body, update) : writes.Replace(type, ns, name, body, update.DryRun);
            case "PATCH":
                var patchType = PatchTypes.Of(request.ContentType);
                var patchOptions = WriteOptions.Parse(request, "PatchOptions", patchType, null);
                var patch = await BodyAsync(request).ConfigureAwait(false);
                return type == ResourceTypes.StatefulSets ? statefulSets.Patch(ns!, name, patchType, patch, patchOptions) : writes.Patch(type, ns, name, patchType, patch, patchOptions.DryRun);
            default:
                var options = await DeleteOptions.ReadAsync(request).ConfigureAwait(false);
                return type == ResourceTypes.Pods ? deletes.DeletePod(ns!, name, options)
                    : type == ResourceTypes.PersistentVolumeClaims ? deletes.DeleteClaim(ns!, name, options)
                    : writes.Delete(type, ns, name, options);
        }
    }

    private async Task<JsonObject> ScaleAsync(HttpRequest request, string ns, string name)
    {
        RequireVerb(request, "GET", "PUT", "PATCH");
        switch (request.Method)
        {
            case "GET":
                return ScaleView.From(store.Get(ResourceTypes.StatefulSets, ns, name) ?? throw KubeErrors.NotFound(ResourceTypes.StatefulSets, name));
            case "PUT":
                return statefulSets.ReplaceScale(ns, name, await JsonBodyAsync(request).ConfigureAwait(false), WriteOptions.Parse(request, "UpdateOptions", null, "scale"));
            default:
                var patchType = PatchTypes.Of(request.ContentType);
                return statefulSets.PatchScale(ns, name, patchType, await BodyAsync(request).ConfigureAwait(false), WriteOptions.Parse(request, "PatchOptions", patchType, "scale"));
        }
    }

    private async Task<JsonObject> DeploymentScaleAsync(HttpRequest request, string ns, string name)
    {
        RequireVerb(request, "GET", "PUT", "PATCH");
        switch (request.Method)
        {
            case "GET":
                return deploymentScales.Get(ns, name);
            case "PUT":
                return deploymentScales.Replace(ns, name, await JsonBodyAsync(request).ConfigureAwait(false), WriteOptions.Parse(request, "UpdateOptions", null, "scale"));
            default:
                var patchType = PatchTypes.Of(request.ContentType);
                return deploymentScales.Patch(ns, name, patchType, await BodyAsync(request).ConfigureAwait(false), WriteOptions.Parse(request, "PatchOptions", patchType, "scale"));
        }
    }

    private JsonObject Status(HttpRequest request, ResourceType type, string? ns, string name)
    {
        RequireVerb(request, "GET");
        return store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
    }

    private static void RequireVerb(HttpRequest request, params string[] verbs)
    {
        if (!verbs.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            throw KubeErrors.MethodNotAllowed();
        }
    }

    /// <summary>The body of a create: JSON, or protobuf for the kinds <c>kubectl create</c> sends that way.</summary>
    private static async Task<JsonNode?> CreateBodyAsync(HttpRequest request, ResourceType type)
    {
        var mediaType = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType : null;
        if (mediaType != ProtobufBodies.MediaType)
        {
            return await JsonBodyAsync(request).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return ProtobufBodies.Decode(buffer.ToArray(), type);
    }

    /// <summary>The body of a create or replace: JSON only (no protobuf, no YAML), else 415.</summary>
    private static Task<JsonNode?> JsonBodyAsync(HttpRequest request)
    {
        var mediaType = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType : null;
        return request.ContentType is null or "" || mediaType == "application/json" ? BodyAsync(request) : throw KubeErrors.UnsupportedBodyType();
    }

    private static async Task<JsonNode?> BodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        try
        {
            return text.Trim().Length == 0 ? throw KubeErrors.BadRequest("the request body is empty") : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw KubeErrors.BadRequest($"the body of the request is not valid JSON: {ex.Message}");
        }
    }
}
