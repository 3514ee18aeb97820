<#
.SYNOPSIS
    Scheduled Redis backup (plan 1.2, daily): back up a region's Redis, copy the backup to the secondary region's
    store, then apply the retention policy to both stores. Exits 0 only when all of it worked.
.DESCRIPTION
    Built only from PubSecDr cmdlets (Import-DrEnvironment, New-RedisBackup, Copy-DrBackup, Invoke-DrRetention), so it
    runs the same in a pwsh session, an Azure Automation runbook, a scheduled task or a Kubernetes CronJob. The Redis
    endpoint and the store come from the environment file; the password from the variable that file names.

    It writes the PubSec.Dr.RedisBackup, the copy, then the PubSec.Dr.RetentionDecision objects. Exit 0 when the
    backup is Succeeded, the copy was made and retention ran without an error; 1 on ANY failure.

        parameter      environment variable       value
        -Environment   PUBSECDR_ENVIRONMENT       the environment file (required)
        -Region        PUBSECDR_REGION            the region backed up (default: the file's only/first region)
        -CopyToRegion  PUBSECDR_COPY_REGION       the region whose store receives a copy (optional; none = no copy)
        -Mode          PUBSECDR_REDIS_MODE        Rdb (default; falls back to Logical where SYNC is refused) or Logical
        -SkipRetention PUBSECDR_SKIP_RETENTION    'true' to leave the stores unpruned (optional)
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrRedisBackupRunbook.ps1 -Environment /etc/pubsec-dr/environment.json -Region primary -CopyToRegion secondary

    The daily job.
#>
[CmdletBinding()]
param(
    [string] $Environment,
    [string] $Region,
    [string] $CopyToRegion,
    [ValidateSet('Rdb', 'Logical')] [string] $Mode,
    [switch] $SkipRetention
)

# Failures are collected, not thrown, so every step is tried; anything unexpected still fails the job.
$ErrorActionPreference = 'Continue'
trap {
    $PSCmdlet.WriteError($_)
    exit 1
}

function Get-Setting($Value, [string] $Variable) {
    if ($Value) { return $Value }
    [Environment]::GetEnvironmentVariable($Variable)
}

function Get-ErrorId($Errors) {
    # The stable ids in one line for the job log: the console shows an error's message, not its id.
    @($Errors | Where-Object { $_ } | ForEach-Object {
            $record = if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord }
            if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] } else { $_.GetType().Name }
        } | Select-Object -Unique)
}

$path = Get-Setting $Environment PUBSECDR_ENVIRONMENT
if (-not $path) { throw 'No environment file: give -Environment or set PUBSECDR_ENVIRONMENT.' }
$regionName = Get-Setting $Region PUBSECDR_REGION
$copyRegion = Get-Setting $CopyToRegion PUBSECDR_COPY_REGION
$redisMode = Get-Setting $Mode PUBSECDR_REDIS_MODE
if (-not $redisMode) { $redisMode = 'Rdb' }
if ($redisMode -notin 'Rdb', 'Logical') { throw "PUBSECDR_REDIS_MODE is '$redisMode'; use Rdb or Logical." }
$prune = -not ($SkipRetention -or $env:PUBSECDR_SKIP_RETENTION -eq 'true')

Import-Module PubSecDr -ErrorAction Stop
$loaded = Import-DrEnvironment -Path $path -ErrorAction Stop
$source = @{ Environment = $loaded; Confirm = $false }
if ($regionName) { $source.Region = $regionName }

$allErrors = [Collections.Generic.List[object]]::new()
$backups = @()
try {
    # Managed Redis services refuse SYNC; the logical format then still gives a daily, restorable backup.
    $backupParameters = $source.Clone()
    $backupParameters.Mode = $redisMode
    if ($redisMode -eq 'Rdb') { $backupParameters.Fallback = 'Logical' }
    $backups = @(New-RedisBackup @backupParameters -ErrorAction Continue -ErrorVariable +backupErrors)
} catch {
    $PSCmdlet.WriteError($_)
    $allErrors.Add($_)
}
$backups
$succeeded = @($backups | Where-Object Status -EQ 'Succeeded')

$copies = @()
if ($copyRegion -and $succeeded) {
    $copies = @($succeeded | Copy-DrBackup -Environment $loaded -Region $copyRegion -Confirm:$false -ErrorAction Continue -ErrorVariable +copyErrors)
    $copies
}

$decisions = @()
if ($prune) {
    $decisions = @(Invoke-DrRetention @source -ErrorAction Continue -ErrorVariable +retentionErrors)
    if ($copyRegion) { $decisions += @(Invoke-DrRetention -Environment $loaded -Region $copyRegion -Confirm:$false -ErrorAction Continue -ErrorVariable +retentionErrors) }
    $decisions
}

foreach ($set in $backupErrors, $copyErrors, $retentionErrors) { foreach ($e in @($set)) { if ($e) { $allErrors.Add($e) } } }
$errorIds = Get-ErrorId $allErrors
$notSucceeded = @($backups | Where-Object Status -NE 'Succeeded')
foreach ($backup in $notSucceeded) { Write-Warning "Backup $($backup.Id) of '$($backup.Source)' is $($backup.Status)." }
if ($backups.Count -eq 0) { Write-Warning 'Nothing was backed up.' }
$copiesMissing = if ($copyRegion) { $succeeded.Count - $copies.Count } else { 0 }
$deleted = @($decisions | Where-Object Action -EQ 'Delete').Count

if ($errorIds.Count -gt 0 -or $backups.Count -eq 0 -or $notSucceeded.Count -gt 0 -or $copiesMissing -ne 0) {
    Write-Host "Redis backup runbook FAILED: $($backups.Count) backup(s), $($notSucceeded.Count) not Succeeded, $copiesMissing copy(ies) missing; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })."
    exit 1
}
Write-Host "Redis backup runbook passed: $($backups.Count) backup(s) Succeeded, $($copies.Count) copied$(if ($copyRegion) { " to $copyRegion" }), retention $(if ($prune) { "deleted $deleted" } else { 'skipped' })."
exit 0
