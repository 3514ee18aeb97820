namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// One served resource: its URL plural, kind, API group/version and scope, which object verbs the lab implements,
/// whether POST on its collection creates, the field selector labels the apiserver accepts for it, and the
/// discovery extras kubectl resolves names with (short names, the <c>all</c> category).
/// </summary>
internal sealed record ResourceType(
    string Plural,
    string Kind,
    string Group,
    bool Namespaced,
    IReadOnlySet<string> ObjectVerbs,
    IReadOnlySet<string> FieldLabels)
{
    public string Version { get; init; } = "v1";

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public bool InCategoryAll { get; init; }

    /// <summary>POST on the collection URL creates an object.</summary>
    public bool Creatable { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name errors use: <c>pods</c>, <c>statefulsets.apps</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind as validation errors name it: <c>Secret</c>, <c>Deployment.apps</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string ListKind => $"{Kind}List";
}
