<#
.SYNOPSIS
    Weekly restore test (plan 3.2): restore the newest backup of each Qdrant collection into a scratch collection,
    check it against its manifest and drop it (Test-BackupIntegrity -Level Restore). Exits 0 only when all Passed.
.DESCRIPTION
    Built only from PubSecDr cmdlets (Import-DrEnvironment, Get-DrBackup -Latest, Test-BackupIntegrity). The scratch
    collections are made on the region's Qdrant (from the environment file) and dropped after each check; the live
    collections are never touched.

    It writes one PubSec.Dr.IntegrityReport per collection. Exit 1 on any report that is not Passed, any error, or
    no Qdrant backup in the store.

        parameter      environment variable       value
        -Environment   PUBSECDR_ENVIRONMENT       the environment file (required)
        -Region        PUBSECDR_REGION            the region whose store and Qdrant are used (default: the file's only/first)
        -Collection    PUBSECDR_COLLECTIONS       collections, comma-separated (optional; default: every collection in the store)
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrRestoreTestRunbook.ps1 -Environment /etc/pubsec-dr/environment.json -Region primary
#>
[CmdletBinding()]
param(
    [string] $Environment,
    [string] $Region,
    [string[]] $Collection
)

$ErrorActionPreference = 'Continue'
trap {
    $PSCmdlet.WriteError($_)
    exit 1
}

function Get-Setting($Value, [string] $Variable) {
    if ($Value) { return $Value }
    [Environment]::GetEnvironmentVariable($Variable)
}

$path = Get-Setting $Environment PUBSECDR_ENVIRONMENT
if (-not $path) { throw 'No environment file: give -Environment or set PUBSECDR_ENVIRONMENT.' }
$regionName = Get-Setting $Region PUBSECDR_REGION
$collections = @((Get-Setting $Collection PUBSECDR_COLLECTIONS) | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })

Import-Module PubSecDr -ErrorAction Stop
$loaded = Import-DrEnvironment -Path $path -ErrorAction Stop
$scope = @{ Environment = $loaded }
if ($regionName) { $scope.Region = $regionName }

$listing = @{ Kind = 'Qdrant'; Latest = $true }
if ($collections) { $listing.Collection = $collections }
$newest = @(Get-DrBackup @scope @listing -ErrorAction Stop)
$reports = @($newest | Test-BackupIntegrity @scope -Level Restore -ErrorAction Continue -ErrorVariable +checkErrors)
$reports

$notPassed = @($reports | Where-Object Verdict -NE 'Passed')
foreach ($report in $notPassed) { Write-Warning "Backup $($report.BackupId) did not pass the restore test: $($report.Verdict)." }
$errorIds = @($checkErrors | Where-Object { $_ } | ForEach-Object {
        $record = if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord }
        if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] } else { $_.GetType().Name }
    } | Select-Object -Unique)
if ($newest.Count -eq 0) { Write-Warning 'The store holds no Succeeded Qdrant backup to restore.' }
if ($errorIds.Count -gt 0 -or $newest.Count -eq 0 -or $notPassed.Count -gt 0 -or $reports.Count -ne $newest.Count) {
    Write-Host "Restore test runbook FAILED: $($reports.Count) of $($newest.Count) newest backup(s) restored, $($notPassed.Count) not Passed; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })."
    exit 1
}
Write-Host "Restore test runbook passed: the newest backup of $($newest.Count) collection(s) restored into scratch and Passed."
exit 0
