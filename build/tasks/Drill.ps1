# The main job: lab up, sample collections seeded, runbook run against it, results printed.

function Invoke-DrillTask {
    Invoke-BuildTask
    Invoke-LabStartTask
    $exit = Invoke-FreshPwsh (Join-Path $Root 'build/Invoke-LabDrill.ps1') @('-RepoRoot', $Root)
    if ($exit -ne 0) { throw "The drill failed (exit $exit)." }
}
