# Runs every benchmark in bench/ in a fresh pwsh against the lab.

function Invoke-BenchTask {
    Invoke-BuildTask
    Invoke-LabStartTask
    foreach ($bench in Get-ChildItem (Join-Path $Root 'bench') -Filter '*.ps1') {
        Write-Host "  $($bench.Name)"
        $exit = Invoke-FreshPwsh $bench.FullName
        if ($exit -ne 0) { throw "Benchmark $($bench.Name) failed (exit $exit)." }
    }
}
