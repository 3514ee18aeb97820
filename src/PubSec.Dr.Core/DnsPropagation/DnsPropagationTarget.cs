namespace PubSec.Dr.DnsPropagation;

/// <summary>A record name and type, and the values every resolver must answer for it.</summary>
public sealed record DnsPropagationTarget(string Name, string Type, IReadOnlyList<string> Expected);

/// <summary>A row of the check and its failure (unreachable resolver, timeout), if it has one.</summary>
public sealed record DnsPropagationOutcome(DnsPropagationResult Result, Errors.DrException? Failure);
