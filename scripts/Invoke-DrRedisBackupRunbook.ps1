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
        -Environment   PUBSECDR_ENVIRONMENT       the environment file, or its JSON text (required)
        -Region        PUBSECDR_REGION            the region backed up (default: the file's only/first region)
        -CopyToRegion  PUBSECDR_COPY_REGION       the region whose store receives a copy (optional; none = no copy)
        -Mode          PUBSECDR_REDIS_MODE        Rdb (default; falls back to Logical where SYNC is refused) or Logical
        -SkipRetention PUBSECDR_SKIP_RETENTION    'true' to leave the stores unpruned (optional)

    After the work, every run appends its own record to the audit log (Add-DrAuditRecord; in PUBSECDR_AUDIT_STORE if
    set, else the region's store, beside the records each cmdlet wrote) and, when PUBSECDR_METRICS_PATH (a .prom file
    for the node-exporter textfile collector) or PUBSECDR_PUSHGATEWAY_URL is set, the store's metrics
    (Export-DrMetrics). Either one failing fails the run.

    In Azure Automation a setting not given as a parameter is read from the Automation variable of the same name
    (PUBSECDR_ENVIRONMENT may hold the file's JSON), and Import-DrEnvironment reads each secret the file names from the
    Automation variable or credential of that name when the process does not have it.
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

# A parameter, else the process variable, else (in Azure Automation) the Automation variable of that name.
function Get-Setting($Value, [string] $Variable) {
    if ($Value) { return $Value }
    $fromProcess = [Environment]::GetEnvironmentVariable($Variable)
    if ($fromProcess) { return $fromProcess }
    if (Get-Command Get-AutomationVariable -ErrorAction Ignore) { Get-AutomationVariable -Name $Variable -ErrorAction SilentlyContinue }
}

# The run's own audit record and the store's metrics after it (plan 4 and 7.2), written pass or fail. A metrics file
# or audit record that could not be written fails the job too: nobody would notice them missing otherwise.
function Complete-Runbook([hashtable] $Scope, [string] $Name, [bool] $Passed, [string] $Summary, [string[]] $ErrorIds) {
    $completed = $true
    $metrics = @{}
    if ($metricsPath = Get-Setting $null PUBSECDR_METRICS_PATH) { $metrics.Path = $metricsPath }
    if ($gateway = Get-Setting $null PUBSECDR_PUSHGATEWAY_URL) { $metrics.PushgatewayUrl = $gateway }
    if ($metrics.Count -gt 0) {
        $null = Export-DrMetrics @Scope @metrics -Confirm:$false -ErrorAction Continue -ErrorVariable metricsErrors
        if ($metricsErrors) { $completed = $false }
    }
    $audit = @{ Command = $Name; Target = "$($Scope.Environment.Name)/$(if ($Scope.Region) { $Scope.Region } else { $Scope.Environment.RegionNames[0] })"
        Outcome = $(if ($Passed) { 'Succeeded' } else { 'Failed' }); Parameters = @{ Summary = $Summary } }
    if ($ErrorIds) { $audit.ErrorId = $ErrorIds[0]; $audit.Parameters.ErrorIds = $ErrorIds -join ', ' }
    $null = Add-DrAuditRecord @Scope @audit -Confirm:$false -ErrorAction Continue -ErrorVariable auditErrors
    if ($auditErrors) { $completed = $false }
    $completed
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
# The file, or its text (an Automation variable holding the JSON, where the sandbox has no file).
$loaded = if ($path.TrimStart().StartsWith('{')) { Import-DrEnvironment -Json $path -ErrorAction Stop } else { Import-DrEnvironment -Path $path -ErrorAction Stop }
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

$scope = @{ Environment = $loaded }
if ($regionName) { $scope.Region = $regionName }
$passed = -not ($errorIds.Count -gt 0 -or $backups.Count -eq 0 -or $notSucceeded.Count -gt 0 -or $copiesMissing -ne 0)
$summary = if ($passed) { "Redis backup runbook passed: $($backups.Count) backup(s) Succeeded, $($copies.Count) copied$(if ($copyRegion) { " to $copyRegion" }), retention $(if ($prune) { "deleted $deleted" } else { 'skipped' })." } else { "Redis backup runbook FAILED: $($backups.Count) backup(s), $($notSucceeded.Count) not Succeeded, $copiesMissing copy(ies) missing; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })." }
$completed = Complete-Runbook $scope 'Invoke-DrRedisBackupRunbook' $passed $summary $errorIds
Write-Host $summary
if (-not $completed) { Write-Host 'The metrics or the audit record of this run could not be written (see the errors above).' }
if (-not $passed -or -not $completed) { exit 1 }
exit 0
