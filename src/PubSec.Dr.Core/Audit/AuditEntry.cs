namespace PubSec.Dr.Audit;

/// <summary>
/// What a caller asks to record: the command, its target, its parameters (already without secrets; the log masks
/// again), and the outcome ("Succeeded", "Failed", "Stopped" or free text) with the error id of a failure.
/// </summary>
public sealed record AuditEntry(string Command, string Target, IReadOnlyDictionary<string, string> Parameters,
    string Outcome, string? ErrorId = null);
