<#
.SYNOPSIS
    Daily integrity check (plan 3.2): a Full check of the newest backup of each source (collection, Redis name,
    namespace), a Quick check of every other backup in the region's store. Exits 0 only when every report Passed.
.DESCRIPTION
    Built only from PubSecDr cmdlets (Import-DrEnvironment, Get-DrBackup, Test-BackupIntegrity). The newest backup is
    the one a restore would use, so it gets every byte re-hashed and every archive read (Full); the older ones are
    checked for presence and size (Quick), which is cheap enough to run daily over the whole catalog.
    Only Succeeded backups are checked: a Failed or Partial one is never offered for a restore.

    It writes one PubSec.Dr.IntegrityReport per backup. Exit 1 on any report that is not Passed, any error, or a
    store holding no Succeeded backup at all (a daily check with nothing to check is itself a failure).

        parameter      environment variable       value
        -Environment   PUBSECDR_ENVIRONMENT       the environment file (required)
        -Region        PUBSECDR_REGION            the region whose store is checked (default: the file's only/first)
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrIntegrityRunbook.ps1 -Environment /etc/pubsec-dr/environment.json -Region primary
#>
[CmdletBinding()]
param(
    [string] $Environment,
    [string] $Region
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

Import-Module PubSecDr -ErrorAction Stop
$loaded = Import-DrEnvironment -Path $path -ErrorAction Stop
$scope = @{ Environment = $loaded }
if ($regionName) { $scope.Region = $regionName }

# A catalog that cannot be read is a terminating error: the trap fails the job.
$backups = @(Get-DrBackup @scope -ErrorAction Stop | Where-Object Status -EQ 'Succeeded')
$newest = @($backups | Group-Object Kind, Source | ForEach-Object { $_.Group | Sort-Object StartedAt -Descending | Select-Object -First 1 })
$newestIds = @($newest.Id)
$older = @($backups | Where-Object { $_.Id -notin $newestIds })

$reports = @()
$reports += @($newest | Test-BackupIntegrity @scope -Level Full -ErrorAction Continue -ErrorVariable +checkErrors)
$reports += @($older | Test-BackupIntegrity @scope -Level Quick -ErrorAction Continue -ErrorVariable +checkErrors)
$reports

$notPassed = @($reports | Where-Object Verdict -NE 'Passed')
foreach ($report in $notPassed) { Write-Warning "Backup $($report.BackupId) did not pass its $($report.Level) check: $($report.Verdict)." }
$errorIds = @($checkErrors | Where-Object { $_ } | ForEach-Object {
        $record = if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord }
        if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] } else { $_.GetType().Name }
    } | Select-Object -Unique)
if ($backups.Count -eq 0) { Write-Warning 'The store holds no Succeeded backup.' }
if ($errorIds.Count -gt 0 -or $backups.Count -eq 0 -or $notPassed.Count -gt 0 -or $reports.Count -ne $backups.Count) {
    Write-Host "Integrity runbook FAILED: $($reports.Count) of $($backups.Count) backup(s) checked, $($notPassed.Count) not Passed; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })."
    exit 1
}
Write-Host "Integrity runbook passed: $($newest.Count) newest backup(s) Full, $($older.Count) older Quick, all Passed."
exit 0
