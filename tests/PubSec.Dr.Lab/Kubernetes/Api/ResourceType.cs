namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// One served resource: its URL plural, kind, API group and scope, which object verbs the lab implements,
/// and the field selector labels the apiserver accepts for it.
/// </summary>
internal sealed record ResourceType(
    string Plural,
    string Kind,
    string Group,
    bool Namespaced,
    IReadOnlySet<string> ObjectVerbs,
    IReadOnlySet<string> FieldLabels)
{
    public string ApiVersion => Group.Length == 0 ? "v1" : $"{Group}/v1";

    /// <summary>The name errors use: <c>pods</c>, <c>statefulsets.apps</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => $"{Kind}List";
}
