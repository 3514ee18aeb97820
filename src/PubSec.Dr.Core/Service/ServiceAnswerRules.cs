using System.Text.Json;

namespace PubSec.Dr.Service;

/// <summary>Whether a query's answer holds something: a non-empty <c>results</c> array or a non-empty <c>answer</c> text.</summary>
internal static class ServiceAnswerRules
{
    public static (bool NonEmpty, string What) Inspect(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (false, "the answer is not a JSON object");
            }

            if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() > 0)
            {
                return (true, $"{results.GetArrayLength()} result(s)");
            }

            if (root.TryGetProperty("answer", out var answer) && answer.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(answer.GetString()))
            {
                return (true, "an answer");
            }

            return (false, "the answer has no results and no answer text");
        }
        catch (JsonException)
        {
            return (false, "the answer is not JSON");
        }
    }
}
