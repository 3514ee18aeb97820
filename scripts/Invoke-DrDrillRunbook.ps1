<#
.SYNOPSIS
    Drill runbook: run this month's DR drill (or a given scenario) against an environment and exit 0 only when
    its verdict is Passed.
.DESCRIPTION
    Built only from PubSecDr cmdlets (Import-DrEnvironment, Invoke-DrDrill), so it runs the same in a pwsh
    session, a scheduled task or a Kubernetes CronJob on the plan's first Sunday of the month. It writes the
    PubSec.Dr.DrillResult, and the DrillFailed error naming the criteria and checks that failed.

    The exit code is what a scheduler reads: 0 when the drill's verdict is Passed; 1 on a Failed verdict or any
    error (an environment file that cannot be read, a scenario this module does not implement, a store that
    cannot be reached).

        parameter     environment variable       value
        -Environment  PUBSECDR_ENVIRONMENT       the environment file, or its JSON text (required)
        -Scenario     PUBSECDR_DRILL_SCENARIO    RegionalFailover, DatabaseRestore, InfrastructureRebuild,
                                                 SecurityBreach or Scheduled (default Scheduled)
        -Region       PUBSECDR_DRILL_REGION      the region drilled (default: the file's first)
        -FirstSundayOnly PUBSECDR_DRILL_FIRST_SUNDAY_ONLY  'true': run only on the first Sunday of the month (UTC),
                                                 exit 0 without drilling on any other day (the CronJob's setting)
        -Today        PUBSECDR_DRILL_TODAY       the UTC date -FirstSundayOnly judges (default: now; for a catch-up
                                                 run or a test)

    Cron cannot say "first Sunday of the month" (a day-of-month and a day-of-week field are ORed, not ANDed), so the
    CronJob runs at 02:00 UTC on days 1-7 and -FirstSundayOnly lets only the Sunday among them drill. Without the
    switch the runbook drills whenever it is started (a drill on demand, or a scheduler that can say "first Sunday").

    The secrets are read by the cmdlets from the variables the environment file names; none is passed here.

    After the work, every run appends its own record to the audit log (Add-DrAuditRecord; in PUBSECDR_AUDIT_STORE if
    set, else the region's store, beside the records each cmdlet wrote) and, when PUBSECDR_METRICS_PATH (a .prom file
    for the node-exporter textfile collector) or PUBSECDR_PUSHGATEWAY_URL is set, the store's metrics
    (Export-DrMetrics). Either one failing fails the run.

    In Azure Automation a setting not given as a parameter is read from the Automation variable of the same name
    (PUBSECDR_ENVIRONMENT may hold the file's JSON), and Import-DrEnvironment reads each secret the file names from the
    Automation variable or credential of that name when the process does not have it.
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrDrillRunbook.ps1 -Environment /etc/pubsec/dr/environment.json

    The monthly CronJob: the scenario of the month, exit code 1 when the drill fails.
#>
[CmdletBinding()]
param(
    [string] $Environment,
    [string] $Scenario,
    [string] $Region,
    [switch] $FirstSundayOnly,
    [datetime] $Today
)

$ErrorActionPreference = 'Continue'
trap {
    $PSCmdlet.WriteError($_)
    exit 1
}

# A parameter, else the process variable, else (in Azure Automation) the Automation variable of that name.
function Get-Setting($Value, [string] $Variable, $Default = $null) {
    if ($Value) { return $Value }
    $fromVariable = [Environment]::GetEnvironmentVariable($Variable)
    if ($fromVariable) { return $fromVariable }
    if (Get-Command Get-AutomationVariable -ErrorAction Ignore) {
        $fromAutomation = Get-AutomationVariable -Name $Variable -ErrorAction SilentlyContinue
        if ($fromAutomation) { return $fromAutomation }
    }
    $Default
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
$drill = @{ Scenario = Get-Setting $Scenario PUBSECDR_DRILL_SCENARIO 'Scheduled'; Confirm = $false; ProgressAction = 'SilentlyContinue' }
$regionName = Get-Setting $Region PUBSECDR_DRILL_REGION
if ($regionName) { $drill.Region = $regionName }

# Checked after the settings, so a misconfigured job still fails on the days it skips.
if (-not $path.TrimStart().StartsWith('{') -and -not (Test-Path -LiteralPath $path -PathType Leaf)) { throw "The environment file '$path' does not exist." }
if ($FirstSundayOnly -or $env:PUBSECDR_DRILL_FIRST_SUNDAY_ONLY -eq 'true') {
    $date = if ($Today) { $Today } elseif ($env:PUBSECDR_DRILL_TODAY) { [datetime]::Parse($env:PUBSECDR_DRILL_TODAY, [Globalization.CultureInfo]::InvariantCulture) } else { [datetime]::UtcNow }
    # The first Sunday is the only Sunday among days 1-7.
    if ($date.DayOfWeek -ne [DayOfWeek]::Sunday -or $date.Day -gt 7) {
        Write-Host "Drill runbook: $($date.ToString('yyyy-MM-dd dddd', [Globalization.CultureInfo]::InvariantCulture)) is not the first Sunday of the month; no drill today."
        exit 0
    }
}

Import-Module PubSecDr -ErrorAction Stop
# The file, or its text (an Automation variable holding the JSON, where the sandbox has no file).
$loaded = if ($path.TrimStart().StartsWith('{')) { Import-DrEnvironment -Json $path -ErrorAction Stop } else { Import-DrEnvironment -Path $path -ErrorAction Stop }
$result = Invoke-DrDrill -Environment $loaded @drill -ErrorVariable failures
$result

# One line for the job log, with the stable error ids: the console shows an error's message, not its id.
$errorIds = @($failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Select-Object -Unique)
# The drill's region, else the file's first (the plan's primary), as the drill's own default.
$scope = @{ Environment = $loaded; Region = $(if ($regionName) { $regionName } else { $loaded.RegionNames[0] }) }
$passed = -not (-not $result -or "$($result.Verdict)" -ne 'Passed' -or $errorIds.Count -gt 0)
$missed = @($result.Criteria | Where-Object { -not $_.Passed } | ForEach-Object Name)
$summary = if ($passed) { "Drill runbook passed: $($result.Scenario) drill $($result.Id) Passed (RTO $($result.Rto), RPO $($result.Rpo), $($result.ChecksPassed) checks passed)." } else { "Drill runbook FAILED: $($result.Scenario) drill $($result.Id) is $($result.Verdict); criteria not met: $($missed -join ', '); errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })." }
$completed = Complete-Runbook $scope 'Invoke-DrDrillRunbook' $passed $summary $errorIds
Write-Host $summary
if (-not $completed) { Write-Host 'The metrics or the audit record of this run could not be written (see the errors above).' }
if (-not $passed -or -not $completed) { exit 1 }
exit 0
