<#
.SYNOPSIS
    Daily integrity check (plan 3.2): a Full check of the newest backup of each source (collection, Redis name,
    namespace), a Quick check of every other backup in the region's store. Exits 0 only when every report Passed.
.DESCRIPTION
    Built only from PubSecDr cmdlets (Import-DrEnvironment, Get-DrBackup, Test-BackupIntegrity). The newest backup is
    the one a restore would use, so it gets every byte re-hashed and every archive read (Full); the older ones are
    checked for presence and size (Quick), which is cheap enough to run daily over the whole catalog.
    Only Succeeded backups are checked: a Failed or Partial one is never offered for a restore.

    Every verdict is recorded in the store (Test-BackupIntegrity -Record), so Get-DrStatus and Export-DrMetrics show
    the last integrity check per collection and Redis name.

    It writes one PubSec.Dr.IntegrityReport per backup. Exit 1 on any report that is not Passed, any error, or a
    store holding no Succeeded backup at all (a daily check with nothing to check is itself a failure).

        parameter      environment variable       value
        -Environment   PUBSECDR_ENVIRONMENT       the environment file, or its JSON text (required)
        -Region        PUBSECDR_REGION            the region whose store is checked (default: the file's only/first)

    After the work, every run appends its own record to the audit log (Add-DrAuditRecord; in PUBSECDR_AUDIT_STORE if
    set, else the region's store, beside the records each cmdlet wrote) and, when PUBSECDR_METRICS_PATH (a .prom file
    for the node-exporter textfile collector) or PUBSECDR_PUSHGATEWAY_URL is set, the store's metrics
    (Export-DrMetrics). Either one failing fails the run.

    In Azure Automation a setting not given as a parameter is read from the Automation variable of the same name
    (PUBSECDR_ENVIRONMENT may hold the file's JSON), and Import-DrEnvironment reads each secret the file names from the
    Automation variable or credential of that name when the process does not have it.
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

$path = Get-Setting $Environment PUBSECDR_ENVIRONMENT
if (-not $path) { throw 'No environment file: give -Environment or set PUBSECDR_ENVIRONMENT.' }
$regionName = Get-Setting $Region PUBSECDR_REGION

Import-Module PubSecDr -ErrorAction Stop
# The file, or its text (an Automation variable holding the JSON, where the sandbox has no file).
$loaded = if ($path.TrimStart().StartsWith('{')) { Import-DrEnvironment -Json $path -ErrorAction Stop } else { Import-DrEnvironment -Path $path -ErrorAction Stop }
$scope = @{ Environment = $loaded }
if ($regionName) { $scope.Region = $regionName }

# A catalog that cannot be read is a terminating error: the trap fails the job.
$backups = @(Get-DrBackup @scope -ErrorAction Stop | Where-Object Status -EQ 'Succeeded')
$newest = @($backups | Group-Object Kind, Source | ForEach-Object { $_.Group | Sort-Object StartedAt -Descending | Select-Object -First 1 })
$newestIds = @($newest.Id)
$older = @($backups | Where-Object { $_.Id -notin $newestIds })

$reports = @()
$reports += @($newest | Test-BackupIntegrity @scope -Level Full -Record -ErrorAction Continue -ErrorVariable +checkErrors)
$reports += @($older | Test-BackupIntegrity @scope -Level Quick -Record -ErrorAction Continue -ErrorVariable +checkErrors)
$reports

$notPassed = @($reports | Where-Object Verdict -NE 'Passed')
foreach ($report in $notPassed) { Write-Warning "Backup $($report.BackupId) did not pass its $($report.Level) check: $($report.Verdict)." }
$errorIds = @($checkErrors | Where-Object { $_ } | ForEach-Object {
        $record = if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord }
        if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] } else { $_.GetType().Name }
    } | Select-Object -Unique)
if ($backups.Count -eq 0) { Write-Warning 'The store holds no Succeeded backup.' }
$passed = -not ($errorIds.Count -gt 0 -or $backups.Count -eq 0 -or $notPassed.Count -gt 0 -or $reports.Count -ne $backups.Count)
$summary = if ($passed) { "Integrity runbook passed: $($newest.Count) newest backup(s) Full, $($older.Count) older Quick, all Passed." } else { "Integrity runbook FAILED: $($reports.Count) of $($backups.Count) backup(s) checked, $($notPassed.Count) not Passed; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })." }
$completed = Complete-Runbook $scope 'Invoke-DrIntegrityRunbook' $passed $summary $errorIds
Write-Host $summary
if (-not $completed) { Write-Host 'The metrics or the audit record of this run could not be written (see the errors above).' }
if (-not $passed -or -not $completed) { exit 1 }
exit 0
