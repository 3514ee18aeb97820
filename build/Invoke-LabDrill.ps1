# Runs in a fresh pwsh: seeds the lab with sample collections and sample tenant balances in Redis, backs the
# balances up (logical) and runs the backup runbook against the collections (backups in the local folder
# out/lab/backups, the default store), then the drill runbook (a DatabaseRestore drill of plan 2.2 on the lab's
# environment file: the newest good backups restored into drill-owned scratch collections and the lab's scratch
# Redis, verified, removed) and writes the HTML report of both to out/lab/drill-report.html.
param([Parameter(Mandatory)] [string] $RepoRoot)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module (Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1')

$samples = @(
    @{ Name = 'documents'; ShardNumber = 3; ReplicationFactor = 2; PointCount = 3000 }
    @{ Name = 'chunks'; ShardNumber = 2; ReplicationFactor = 3; PointCount = 2000 }
    @{ Name = 'tenants'; ShardNumber = 1; ReplicationFactor = 1; PointCount = 500 }
)
foreach ($sample in $samples) {
    Write-Host "Seeding sample collection '$($sample.Name)' ($($sample.PointCount) points, $($sample.ShardNumber)x$($sample.ReplicationFactor))"
    New-LabCollection @sample
}

$lab = Get-LabConfig
# Sample tenant balances in the lab's primary Redis (what the plan's Redis holds), backed up as the daily Redis backup
# does, logically, so the drill restores them into the lab's scratch Redis and compares them key by key.
$redis = Get-LabRedis
$balances = @('MSET') + @(1..200 | ForEach-Object { "sample:tenant-$($_):balance"; "$(1000 + $_)" })
Invoke-LabRegionRedisCli $redis.primary @balances | Out-Null
$redisBackup = New-RedisBackup $redis.primary -Password (ConvertTo-SecureString $redis.password -AsPlainText -Force) -Mode Logical -Pattern 'sample:*' `
    -Name 'tenant-balances' -Store $lab.defaultStore -Confirm:$false
Write-Host "Redis: $($redisBackup.KeyCount) sample tenant balances backed up ($($redisBackup.Id))."

# The runbook as a scheduler would run it; its objects are kept for the tables and its exit code decides.
$output = @(& (Join-Path $RepoRoot 'scripts/Invoke-DrBackupRunbook.ps1') -QdrantUri (Get-LabQdrantUri) -GrpcUri (Get-LabGrpcUri) `
    -ApiKey (Get-LabApiKey) -Store $lab.defaultStore -Collection $samples.Name)
$runbookExit = $LASTEXITCODE
$backups = @($output | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.DrBackup' })
$reports = @($output | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.IntegrityReport' })
$backups | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
$reports | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
if ($runbookExit -ne 0) { Write-Host "DRILL FAILED (the backup runbook exited $runbookExit)" -ForegroundColor Red; exit 1 }
Write-Host "Backups: $($backups.Count) stored in $($lab.defaultStore) and verified." -ForegroundColor Green

# The drill as the monthly CronJob runs it, on the scenario the lab can rehearse without a second cluster.
Set-LabEnvironmentVariables
$drillOutput = @(& (Join-Path $RepoRoot 'scripts/Invoke-DrDrillRunbook.ps1') -Environment (Get-LabEnvironmentPath) -Scenario DatabaseRestore)
$drillExit = $LASTEXITCODE
$drill = $drillOutput | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.DrillResult' } | Select-Object -First 1
if ($drill) {
    $drill | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
    $drill.Phases | Format-Table Name, PlanStep, PerformedBy, Status, Duration -AutoSize | Out-String -Width 220 | Write-Host
    $drill.Criteria | Format-Table Name, Passed, Observed, Target -AutoSize | Out-String -Width 220 | Write-Host
}
$report = Join-Path $RepoRoot 'out/lab/drill-report.html'
$history = Get-DrDrillHistory -Environment (Import-DrEnvironment -Path (Get-LabEnvironmentPath))
$written = @($drill) + $history + $backups + @($redisBackup) + $reports | Where-Object { $_ } |
    Export-DrReport -Format Html -Path $report -Title 'PubSec DR drill (local lab)' -Force -Confirm:$false
Write-Host "Report: $($written.Path)"
if ($drillExit -ne 0) { Write-Host "DRILL FAILED (the drill runbook exited $drillExit)" -ForegroundColor Red; exit 1 }
Write-Host "Drill passed: $($drill.Scenario) drill $($drill.Id) Passed (RTO $($drill.Rto), RPO $($drill.Rpo))." -ForegroundColor Green
Write-Host "The lab is still running (endpoints in out/lab/lab.json); stop it with: dotnet pwsh ./build.ps1 -Task LabStop"
exit 0
