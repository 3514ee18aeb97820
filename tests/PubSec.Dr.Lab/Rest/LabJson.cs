using System.Text.Encodings.Web;
using System.Text.Json;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Output JSON as Qdrant writes it: backticks and quotes in messages stay literal instead of \u0060 escapes.</summary>
internal static class LabJson
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
}
