using Microsoft.AspNetCore.Http;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The query options of a PUT or PATCH: <c>fieldManager</c>, <c>force</c>, <c>dryRun</c>, validated as the
/// apiserver's <c>ValidatePatchOptions</c> does (apply needs a manager; force is for apply only).
/// </summary>
internal sealed record WriteOptions(string Manager, bool Apply, bool Force, bool DryRun, string? Subresource)
{
    public static WriteOptions Parse(HttpRequest request, string kind, string? patchType, string? subresource)
    {
        var query = request.Query;
        var fieldManager = query["fieldManager"].ToString();
        var forceText = query["force"].ToString();
        var apply = patchType == PatchTypes.Apply;
        if (apply && fieldManager.Length == 0)
        {
            throw KubeErrors.Invalid(kind, "meta.k8s.io", "", "fieldManager", "FieldValueRequired", "Required value: is required for apply patch");
        }

        // PUT takes no force option (ignored, as the apiserver ignores unknown options); PATCH validates it.
        if (patchType is not null && !apply && forceText.Length > 0)
        {
            throw KubeErrors.Invalid(kind, "meta.k8s.io", "", "force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch");
        }

        return new WriteOptions(
            ManagedFields.ManagerOf(fieldManager, request.Headers.UserAgent.ToString()),
            apply,
            apply && (forceText is "true" or "1"),
            IsDryRun(query),
            subresource);
    }

    /// <summary><c>dryRun=All</c> validates and answers without storing; any other value is refused.</summary>
    public static bool IsDryRun(IQueryCollection query) => IsDryRun(query["dryRun"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList());

    public static bool IsDryRun(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return false;
        }

        return values.All(v => v == "All")
            ? true
            : throw KubeErrors.BadRequest($"dryRun: Unsupported value: \"{values.First(v => v != "All")}\": supported values: \"All\"");
    }
}
