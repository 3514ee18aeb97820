# Runs every test: xunit (engine and lab emulator), then Pester in a fresh pwsh against out/PubSecDr with
# the lab running. Ends with the one line CI reads: "N passed, N failed".

function Invoke-TestTask {
    Invoke-BuildTask
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null

    $startedLab = -not (Test-LabRunning)
    Invoke-LabStartTask
    try {
        Write-Host '  xunit'
        & dotnet test (Join-Path $Root 'PubSec.Dr.sln') -c $Configuration --no-build --nologo `
            --logger 'console;verbosity=normal' --logger trx --results-directory (Join-Path $results 'xunit')
        $xunitExit = $LASTEXITCODE
        $xunit = Get-TrxCounts (Join-Path $results 'xunit')

        Write-Host '  Pester'
        $pesterSummary = Join-Path $results 'pester-summary.json'
        $pesterExit = Invoke-FreshPwsh (Join-Path $Root 'build/Invoke-PesterSuite.ps1') @(
            '-PesterPath', (Get-PesterManifest), '-TestPath', (Join-Path $Root 'tests/pester'),
            '-ResultPath', (Join-Path $results 'pester.xml'), '-SummaryPath', $pesterSummary)
        $pester = if (Test-Path $pesterSummary) { Get-Content $pesterSummary -Raw | ConvertFrom-Json }
        # No summary, or one without counts, is a failed run: never "0 failed" by default.
        if ($null -eq $pester -or $null -eq $pester.Passed -or $null -eq $pester.Failed) { $pester = [pscustomobject]@{ Passed = [int]$pester.Passed; Failed = 1 } }
    } finally {
        if ($startedLab) { Invoke-LabStopTask }
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    # A runner that crashed before reporting counts as a failure even if its counters say zero.
    if ($failed -eq 0 -and ($xunitExit -ne 0 -or $pesterExit -ne 0)) { $failed = 1 }
    Write-TestFailureDigest $results
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Get-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Directory -Filter '*.trx' -ErrorAction Ignore) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}
