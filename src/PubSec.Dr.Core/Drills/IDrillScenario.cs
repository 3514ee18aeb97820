namespace PubSec.Dr.Drills;

/// <summary>
/// One drill scenario of the plan (3.1): its phases in order. The engine times them, sweeps leftovers first, keeps the
/// ledger of what they create, cleans up after them and judges the result; a scenario only does the recovery work and
/// records checks, the RPO basis and what it creates (through <see cref="DrillContext.CreateAsync"/>).
/// </summary>
public interface IDrillScenario
{
    DrillScenario Scenario { get; }

    /// <summary>The phases, without side effects: -WhatIf prints them.</summary>
    IReadOnlyList<DrillStep> Steps { get; }
}
