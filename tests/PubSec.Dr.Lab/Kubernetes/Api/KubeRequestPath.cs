namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// A resource URL taken apart: <c>/api/v1/[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]</c> and the same
/// under <c>/apis/{group}/{version}</c> for every served group. Null when the path names nothing the lab serves (the caller answers 404).
/// </summary>
internal sealed record KubeRequestPath(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    public static KubeRequestPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return null;
        }

        string group, version;
        string[] rest;
        if (segments is ["api", "v1", .. var core])
        {
            (group, version, rest) = ("", "v1", core);
        }
        else if (segments is ["apis", var g, var v, .. var named])
        {
            (group, version, rest) = (g, v, named);
        }
        else
        {
            return null;
        }

        if (rest is ["namespaces", var ns, var plural, .. var tail] && ResourceTypes.Find(group, version, plural) is { Namespaced: true } namespacedType && tail.Length <= 2)
        {
            return new KubeRequestPath(namespacedType, ns, tail.ElementAtOrDefault(0), tail.ElementAtOrDefault(1));
        }

        if (rest is [var resource, .. var more] && ResourceTypes.Find(group, version, resource) is { } type && more.Length <= 2
            && (!type.Namespaced || more.Length == 0))
        {
            return new KubeRequestPath(type, null, more.ElementAtOrDefault(0), more.ElementAtOrDefault(1));
        }

        return null;
    }
}
