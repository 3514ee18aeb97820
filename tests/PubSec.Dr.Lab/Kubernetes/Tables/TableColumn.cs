using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>One column of a <c>meta.k8s.io/v1</c> Table: its definition and how a cell is read from an object.</summary>
internal sealed record TableColumn(string Name, string Type, string Description, Func<JsonObject, DateTime, JsonNode?> Cell, string Format = "")
{
    public static TableColumn Named() => new("Name", "string", "Name must be unique within a namespace.", (o, _) => o.Name(), "name");

    public static TableColumn Age() => new("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.",
        (o, now) => HumanDuration.Since(o.StringAt("metadata.creationTimestamp"), now));

    public static TableColumn Text(string name, string description, Func<JsonObject, string> cell) => new(name, "string", description, (o, _) => cell(o));

    public static TableColumn Number(string name, string description, Func<JsonObject, long> cell) => new(name, "integer", description, (o, _) => cell(o));

    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = 0,
    };
}
