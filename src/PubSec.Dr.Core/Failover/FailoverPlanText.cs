using System.Text;

namespace PubSec.Dr.Failover;

/// <summary>The plan as -WhatIf and -Confirm show it: each changing step still to run and what it would do.</summary>
public static class FailoverPlanText
{
    public static string Describe(FailoverRequest request, FailoverKind kind, IReadOnlyList<FailoverStep> plan)
    {
        var verb = kind switch { FailoverKind.Failback => "Fail back", FailoverKind.Switchover => "Switch over", _ => "Fail over" };
        var text = new StringBuilder($"{verb} '{request.Environment}' from '{request.From}' to '{request.To}'{(request.Rebuild ? ", rebuilding its namespace" : string.Empty)}:");
        foreach (var step in plan)
        {
            text.Append('\n').Append("  ").Append(step.Name).Append(':');
            foreach (var line in step.Details)
            {
                text.Append("\n    ").Append(line);
            }
        }

        text.Append("\n  then wait for DNS propagation, verify the service through its public name, and write the incident notice.");
        return text.ToString();
    }
}
