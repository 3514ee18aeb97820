using System.Text.Json;
using System.Text.RegularExpressions;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Environments;

/// <summary>
/// Finds what looks like a secret anywhere in an environment file, before anything else reads it: a field named
/// like one (password, apiKey, secretAccessKey, token, connectionString, ...) that is not a "...Variable", or a
/// value shaped like one (a storage connection string, a URL with a password, an AWS access key id, a private
/// key, a password= setting). Such a file is refused as a whole: it has already leaked into wherever files go.
/// </summary>
internal static partial class EnvironmentSecretScan
{
    public static IReadOnlyList<string> Find(JsonElement root)
    {
        var found = new List<string>();
        Walk(root, string.Empty, found);
        return found;
    }

    private static void Walk(JsonElement element, string path, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (SecretName().IsMatch(property.Name) && !property.Name.EndsWith("Variable", StringComparison.OrdinalIgnoreCase)
                        && !NamesASecret(child) && property.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                    {
                        found.Add($"{child}: a field named like a secret; put the secret in an environment variable and name it in '{property.Name}Variable'");
                        continue;
                    }

                    Walk(property.Value, child, found);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", found);
                }

                break;
            case JsonValueKind.String:
                if (LooksLikeSecret(element.GetString()!) is { } shape)
                {
                    found.Add($"{path}: the value looks like {shape}; secrets never go into the file, name an environment variable instead");
                }

                break;
        }
    }

    // Fields whose value is the NAME of a Kubernetes Secret, not its content; the parser accepts only a Kubernetes
    // name there (lower case, at most 63), and the value is still scanned for secret shapes below.
    private static bool NamesASecret(string path) => ApplicationApiKeySecret().IsMatch(path);

    private static string? LooksLikeSecret(string value)
    {
        if (SecretMask.LooksLikeConnectionString(value))
        {
            return "a storage connection string";
        }

        if (value.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return "a private key";
        }

        if (AwsAccessKeyId().IsMatch(value))
        {
            return "an AWS access key id";
        }

        // SecretMask changes text only where it recognises user:password@, password=, sig=, Bearer ... .
        return SecretMask.Apply(value) != value ? "a credential (a password, token or signature)" : null;
    }

    [GeneratedRegex("(password|passwd|pwd|secret|apikey|api_key|api-key|token|connectionstring|accountkey|accesskey|privatekey|credential|sas)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^regions\.[^.]+\.application\.apiKeySecret$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationApiKeySecret();

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();
}
