# Runs in a fresh pwsh: seeds the lab with sample collections and runs the drill runbook against it,
# storing backups in the local folder out/lab/backups (the default store).
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
# The runbook as a scheduler would run it; its objects are kept for the tables and its exit code decides.
$output = @(& (Join-Path $RepoRoot 'scripts/Invoke-DrBackupRunbook.ps1') -QdrantUri (Get-LabQdrantUri) -GrpcUri (Get-LabGrpcUri) `
    -ApiKey (Get-LabApiKey) -Store $lab.defaultStore -Collection $samples.Name)
$runbookExit = $LASTEXITCODE
$backups = @($output | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.DrBackup' })
$reports = @($output | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.IntegrityReport' })
$backups | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
$reports | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
if ($runbookExit -ne 0) { Write-Host "DRILL FAILED (the runbook exited $runbookExit)" -ForegroundColor Red; exit 1 }
Write-Host "Drill passed: $($backups.Count) backup(s) stored in $($lab.defaultStore) and verified." -ForegroundColor Green
Write-Host "The lab is still running (endpoints in out/lab/lab.json); stop it with: dotnet pwsh ./build.ps1 -Task LabStop"
exit 0
