using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>, comma = AND, with
/// <c>\,</c> <c>\=</c> <c>\\</c> escapes. Only the field labels the resource registers are accepted (400 otherwise).
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public bool IsEmpty => _terms.Count == 0;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, bool, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector(terms);
        }

        foreach (var term in SplitUnescaped(text, ','))
        {
            var (field, equal, value) = ParseTerm(term);
            if (!type.FieldLabels.Contains(field))
            {
                throw KubeErrors.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, value));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (Read(obj, t.Field) == t.Value) == t.Equal);

    private static string Read(JsonObject obj, string field) => field switch
    {
        // PersistentVolumes register "name" as an alias of metadata.name.
        "name" => obj.Name(),
        "spec.unschedulable" or "spec.hostNetwork" => obj.StringAt(field) ?? "false",
        _ => obj.StringAt(field) ?? "",
    };

    private static (string Field, bool Equal, string Value) ParseTerm(string term)
    {
        foreach (var (op, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = IndexOfUnescaped(term, op);
            if (at > 0)
            {
                return (term[..at].Trim(), equal, Unescape(term[(at + op.Length)..]));
            }
        }

        throw KubeErrors.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static int IndexOfUnescaped(string text, string op)
    {
        for (var i = 0; i + op.Length <= text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text, i, 2);
                i++;
            }
            else if (text[i] == separator)
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        yield return current.ToString();
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }
}
