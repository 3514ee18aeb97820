using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Environments;

/// <summary>
/// Reads and validates an environment file (JSON, comments and trailing commas allowed). Every problem is reported
/// at once, each naming its field; a file that holds something shaped like a secret is refused before anything
/// else is read from it, and the error names the field, never the value.
/// </summary>
public static class DrEnvironmentLoader
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static DrEnvironment Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DrException(ErrorIds.EnvironmentNotFound, DrErrorCategory.ObjectNotFound,
                $"The environment file '{fullPath}' does not exist.", "Give the path of the deployment's environment file (JSON).", fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrException(ErrorIds.EnvironmentNotFound, DrErrorCategory.ReadError,
                $"The environment file '{fullPath}' cannot be read: {ex.Message}", "Check the file's permissions.", fullPath, ex);
        }

        return Parse(text, fullPath);
    }

    /// <summary>Parses file text; <paramref name="sourcePath"/> (absolute) anchors relative paths and names the file in errors.</summary>
    public static DrEnvironment Parse(string text, string sourcePath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            // JsonException's message quotes no content, only the position.
            throw Invalid(sourcePath, [$"(file): not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}"]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(sourcePath, ["(file): must be a JSON object"]);
            }

            var secrets = EnvironmentSecretScan.Find(document.RootElement);
            if (secrets.Count > 0)
            {
                throw new DrException(ErrorIds.EnvironmentSecretInFile, DrErrorCategory.SecurityError,
                    $"The environment file '{sourcePath}' is refused: it holds what looks like a secret.{Lines(secrets)}",
                    "Remove the secret from the file (and rotate it: the file may have been copied), set it in an environment variable, "
                    + "and name that variable in the matching '...Variable' field.", sourcePath);
            }

            var problems = new List<string>();
            var environment = new EnvironmentParser(Path.GetDirectoryName(sourcePath) ?? ".", problems)
                .Environment(new EnvironmentNode(document.RootElement, string.Empty, problems), sourcePath);
            if (problems.Count > 0)
            {
                throw Invalid(sourcePath, problems);
            }

            return environment;
        }
    }

    private static DrException Invalid(string sourcePath, IReadOnlyList<string> problems) =>
        new(ErrorIds.EnvironmentInvalid, DrErrorCategory.InvalidData,
            $"The environment file '{sourcePath}' is not valid:{Lines(problems)}",
            "Fix the fields named above; docs/help/Import-DrEnvironment.md describes every field.", sourcePath);

    private static string Lines(IEnumerable<string> items) => string.Concat(items.Select(item => System.Environment.NewLine + " - " + item));
}
