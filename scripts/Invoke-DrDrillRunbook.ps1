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
        -Environment  PUBSECDR_ENVIRONMENT       the environment file (required)
        -Scenario     PUBSECDR_DRILL_SCENARIO    RegionalFailover, DatabaseRestore, InfrastructureRebuild,
                                                 SecurityBreach or Scheduled (default Scheduled)
        -Region       PUBSECDR_DRILL_REGION      the region drilled (default: the file's first)

    The secrets are read by the cmdlets from the variables the environment file names; none is passed here.
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrDrillRunbook.ps1 -Environment /etc/pubsec/dr/environment.json

    The monthly CronJob: the scenario of the month, exit code 1 when the drill fails.
#>
[CmdletBinding()]
param(
    [string] $Environment,
    [string] $Scenario,
    [string] $Region
)

$ErrorActionPreference = 'Continue'
trap {
    $PSCmdlet.WriteError($_)
    exit 1
}

function Get-Setting($Value, [string] $Variable, $Default = $null) {
    if ($Value) { return $Value }
    $fromVariable = [Environment]::GetEnvironmentVariable($Variable)
    if ($fromVariable) { return $fromVariable }
    $Default
}

$path = Get-Setting $Environment PUBSECDR_ENVIRONMENT
if (-not $path) { throw 'No environment file: give -Environment or set PUBSECDR_ENVIRONMENT.' }
$drill = @{ Scenario = Get-Setting $Scenario PUBSECDR_DRILL_SCENARIO 'Scheduled'; Confirm = $false; ProgressAction = 'SilentlyContinue' }
$regionName = Get-Setting $Region PUBSECDR_DRILL_REGION
if ($regionName) { $drill.Region = $regionName }

Import-Module PubSecDr -ErrorAction Stop
$loaded = Import-DrEnvironment -Path $path -ErrorAction Stop
$result = Invoke-DrDrill -Environment $loaded @drill -ErrorVariable failures
$result

# One line for the job log, with the stable error ids: the console shows an error's message, not its id.
$errorIds = @($failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Select-Object -Unique)
if (-not $result -or "$($result.Verdict)" -ne 'Passed' -or $errorIds.Count -gt 0) {
    $missed = @($result.Criteria | Where-Object { -not $_.Passed } | ForEach-Object Name)
    Write-Host "Drill runbook FAILED: $($result.Scenario) drill $($result.Id) is $($result.Verdict); criteria not met: $($missed -join ', '); errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })."
    exit 1
}
Write-Host "Drill runbook passed: $($result.Scenario) drill $($result.Id) Passed (RTO $($result.Rto), RPO $($result.Rpo), $($result.ChecksPassed) checks passed)."
exit 0
