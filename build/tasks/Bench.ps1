# Runs every benchmark in bench/ in a fresh pwsh against the lab, then prints every compared figure of the run in
# one table with its verdict. The issue-15 comparisons come first: backup vs curl, restore layouts, cloud uploads.

$script:BenchOrder = @(
    'Measure-QdrantBackupThroughput.ps1'
    'Measure-QdrantRestoreThroughput.ps1'
    'Measure-CloudUploadThroughput.ps1'
)

# Peak RSS of any measured run may exceed the 50 MB backup's by at most this much (issue 15).
$script:BenchRssAllowanceMB = 200

function Invoke-BenchTask {
    Invoke-BuildTask
    Invoke-LabStartTask
    $folder = Join-Path $Root 'out/bench'
    New-Item -ItemType Directory -Force $folder | Out-Null
    $results = Join-Path $folder ("results-{0:yyyyMMdd-HHmmss}.jsonl" -f (Get-Date).ToUniversalTime())
    $env:PUBSECDR_BENCH_RESULTS = $results
    $failed = [Collections.Generic.List[string]]::new()
    try {
        $benches = Get-ChildItem (Join-Path $Root 'bench') -Filter 'Measure-*.ps1' |
            Sort-Object { $i = $script:BenchOrder.IndexOf($_.Name); if ($i -lt 0) { 100 } else { $i } }, Name
        foreach ($bench in $benches) {
            Write-Host "`n== $($bench.Name)"
            $exit = Invoke-FreshPwsh $bench.FullName
            if ($exit -ne 0) { $failed.Add("$($bench.Name) (exit $exit)") }
        }
    } finally {
        Remove-Item Env:PUBSECDR_BENCH_RESULTS
    }

    $rows = @(Show-BenchSummary $results)
    $fails = @($rows | Where-Object Verdict -eq 'FAIL')
    $passes = @($rows | Where-Object Verdict -eq 'PASS')
    Write-Host ("Bench: {0} PASS, {1} FAIL; scripts that failed: {2}" -f $passes.Count, $fails.Count, $(if ($failed.Count) { $failed -join ', ' } else { 'none' }))
    if ($fails.Count -or $failed.Count) { throw "Benchmarks failed: $((@($fails | ForEach-Object { "$($_.Bench) $($_.Case) $($_.Measure)" }) + $failed) -join '; ')" }
}

function Show-BenchSummary([string] $Results) {
    # One line per compared figure, wide enough not to wrap in a CI log; the per-phase rows are in the file and in the
    # backup benchmark's own table above. Returns every row, the memory verdicts included.
    $rows = @(if (Test-Path $Results) { Get-Content $Results | ForEach-Object { $_ | ConvertFrom-Json } })
    $rows += @(Get-BenchRssVerdicts $rows)
    Write-Host "`n== Bench summary ($Results)"
    $rows | Where-Object Measure -notlike 'phase: *' |
        Format-Table Verdict, Bench, Case, Measure, Value, Unit, Target -AutoSize | Out-String -Width 400 | Write-Host
    $rows
}

function Get-BenchRssVerdicts($Rows) {
    # The memory rule: every measured run's peak RSS stays within the allowance of the 50 MB folder backup's.
    $baseline = $Rows | Where-Object { $_.Bench -eq 'QdrantBackup' -and $_.Case -eq '50 MB' -and $_.Measure -eq 'PeakRssMB' } | Select-Object -First 1
    if (-not $baseline) {
        return [pscustomobject]@{ Bench = 'Memory'; Case = 'all'; Measure = 'baseline (50 MB backup peak RSS)'; Value = 0; Unit = 'MB'; Target = 'measured'; Verdict = 'FAIL' }
    }
    $limit = $baseline.Value + $script:BenchRssAllowanceMB
    foreach ($row in $Rows | Where-Object Measure -eq 'PeakRssMB') {
        [pscustomobject]@{
            Bench = 'Memory'; Case = "$($row.Bench) $($row.Case)"; Measure = 'peak RSS over the 50 MB backup''s'
            Value = [Math]::Round($row.Value - $baseline.Value, 1); Unit = 'MB'; Target = "<= $($script:BenchRssAllowanceMB)"
            Verdict = if ($row.Value -le $limit) { 'PASS' } else { 'FAIL' }
        }
    }
}
