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
        -Environment   PUBSECDR_ENVIRONMENT       the environment file, or its JSON text (required)
        -Region        PUBSECDR_REGION            the region whose store and Qdrant are used (default: the file's only/first)
        -Collection    PUBSECDR_COLLECTIONS       collections, comma-separated (optional; default: every collection in the store)

    After the work, every run appends its own record to the audit log (Add-DrAuditRecord; in PUBSECDR_AUDIT_STORE if
    set, else the region's store, beside the records each cmdlet wrote) and, when PUBSECDR_METRICS_PATH (a .prom file
    for the node-exporter textfile collector) or PUBSECDR_PUSHGATEWAY_URL is set, the store's metrics
    (Export-DrMetrics). Either one failing fails the run.

    In Azure Automation a setting not given as a parameter is read from the Automation variable of the same name
    (PUBSECDR_ENVIRONMENT may hold the file's JSON), and Import-DrEnvironment reads each secret the file names from the
    Automation variable or credential of that name when the process does not have it.
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
$collections = @((Get-Setting $Collection PUBSECDR_COLLECTIONS) | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })

Import-Module PubSecDr -ErrorAction Stop
# The file, or its text (an Automation variable holding the JSON, where the sandbox has no file).
$loaded = if ($path.TrimStart().StartsWith('{')) { Import-DrEnvironment -Json $path -ErrorAction Stop } else { Import-DrEnvironment -Path $path -ErrorAction Stop }
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
$passed = -not ($errorIds.Count -gt 0 -or $newest.Count -eq 0 -or $notPassed.Count -gt 0 -or $reports.Count -ne $newest.Count)
$summary = if ($passed) { "Restore test runbook passed: the newest backup of $($newest.Count) collection(s) restored into scratch and Passed." } else { "Restore test runbook FAILED: $($reports.Count) of $($newest.Count) newest backup(s) restored, $($notPassed.Count) not Passed; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })." }
$completed = Complete-Runbook $scope 'Invoke-DrRestoreTestRunbook' $passed $summary $errorIds
Write-Host $summary
if (-not $completed) { Write-Host 'The metrics or the audit record of this run could not be written (see the errors above).' }
if (-not $passed -or -not $completed) { exit 1 }
exit 0
