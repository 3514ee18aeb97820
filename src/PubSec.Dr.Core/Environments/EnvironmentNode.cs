using System.Globalization;
using System.Text.Json;

namespace PubSec.Dr.Environments;

/// <summary>
/// One JSON object of an environment file with its field path ("regions.primary.qdrant"), so every problem found
/// while reading it names the field. Problems are collected, not thrown: an operator fixing a file wants all of them at once.
/// </summary>
internal readonly struct EnvironmentNode
{
    private readonly JsonElement _element;
    private readonly List<string> _problems;

    public EnvironmentNode(JsonElement element, string path, List<string> problems)
    {
        _element = element;
        Path = path;
        _problems = problems;
    }

    public string Path { get; }

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public void Problem(string field, string what) => _problems.Add($"{field}: {what}");

    /// <summary>Reports every field not in <paramref name="known"/>: a misspelt field would otherwise be silently ignored.</summary>
    public void AllowOnly(params string[] known)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Problem(FieldPath(property.Name), $"unknown field (known here: {string.Join(", ", known)})");
            }
        }
    }

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public EnvironmentNode? Object(string name, bool required = false)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(FieldPath(name), "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(FieldPath(name), $"must be an object, not {Describe(value)}");
            return null;
        }

        return new EnvironmentNode(value, FieldPath(name), _problems);
    }

    public IEnumerable<(string Name, EnvironmentNode Node)> Properties()
    {
        foreach (var property in _element.EnumerateObject())
        {
            var path = FieldPath(property.Name);
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                Problem(path, $"must be an object, not {Describe(property.Value)}");
                continue;
            }

            yield return (property.Name, new EnvironmentNode(property.Value, path, _problems));
        }
    }

    public IEnumerable<(string Name, JsonElement Value, string Path)> RawProperties()
    {
        foreach (var property in _element.EnumerateObject())
        {
            yield return (property.Name, property.Value, FieldPath(property.Name));
        }
    }

    public string? String(string name, bool required = false)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(FieldPath(name), "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Problem(FieldPath(name), $"must be a non-empty string, not {Describe(value)}");
            return null;
        }

        return value.GetString()!.Trim();
    }

    public int? Integer(string name, int minimum, int maximum)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < minimum || number > maximum)
        {
            Problem(FieldPath(name), $"must be a whole number from {minimum} to {maximum}, not {Describe(value)}");
            return null;
        }

        return number;
    }

    public bool? Boolean(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Problem(FieldPath(name), $"must be true or false, not {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A list of strings; a single string is taken as a list of one (a hand-written file often has one value).</summary>
    public IReadOnlyList<string>? Strings(string name, bool required = false)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(FieldPath(name), "is required");
            }

            return null;
        }

        return StringsOf(value, FieldPath(name));
    }

    public IReadOnlyList<string>? StringsOf(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!.Trim()];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Problem(path, $"must be a non-empty list of strings, not {Describe(value)}");
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                Problem($"{path}[{index}]", $"must be a non-empty string, not {Describe(item)}");
            }
            else
            {
                items.Add(item.GetString()!.Trim());
            }

            index++;
        }

        return items;
    }

    public IEnumerable<EnvironmentNode> Items(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(FieldPath(name), $"must be a list, not {Describe(value)}");
            yield break;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{FieldPath(name)}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Problem(path, $"must be an object, not {Describe(item)}");
                continue;
            }

            yield return new EnvironmentNode(item, path, _problems);
        }
    }

    /// <summary>Shows a value's kind, and a short value, never a long one: a wrong field may hold something private.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"the number {value.GetRawText()}"),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
