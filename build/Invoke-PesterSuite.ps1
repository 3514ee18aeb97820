# Runs the Pester suite in this (fresh) pwsh and writes the counts for build.ps1 to add up.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Store kinds the parametrised files run against; all three unless narrowed for a quick local run.
    [string[]] $StoreKind = @('Folder', 'S3', 'Azure')
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -MinimumVersion 5.7.1

# The suite's own audit log. Every state-changing cmdlet a test runs appends a record, and the lab's stores are
# shared with the README's drill, so the records go to one folder beside the results instead; the tests of where
# records go unset this themselves, and runbook tests start their runbooks without it. Verified after the run.
$auditStore = Join-Path (Split-Path $ResultPath) 'audit-store'
Remove-Item -LiteralPath $auditStore -Recurse -Force -ErrorAction Ignore
$env:PUBSECDR_AUDIT_STORE = (New-Item -ItemType Directory -Path $auditStore).FullName

$configuration = New-PesterConfiguration
# A test file with a StoreKind parameter is one parametrised suite: it runs once per store kind.
$containers = foreach ($file in Get-ChildItem $TestPath -Recurse -Filter '*.Tests.ps1' | Sort-Object FullName) {
    $ast = [Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $null, [ref] $null)
    if ($ast.ParamBlock.Parameters.Name.VariablePath.UserPath -contains 'StoreKind') {
        foreach ($kind in $StoreKind) { New-PesterContainer -Path $file.FullName -Data @{ StoreKind = $kind } }
    } else {
        New-PesterContainer -Path $file.FullName
    }
}
$configuration.Run.Container = $containers
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = $ResultPath
$configuration.TestResult.OutputFormat = 'NUnitXml'

$result = Invoke-Pester -Configuration $configuration
# Failures in BeforeAll/containers are failures too, not silently skipped tests.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount

# Every change the tests made chained into one log, whichever cmdlet and test wrote it.
Import-Module (Join-Path $PSScriptRoot '../out/PubSecDr/PubSecDr.psd1') -Force
$audit = Test-DrAuditLog -Store $auditStore -ErrorAction Continue
Write-Host "Suite audit log: $($audit.RecordCount) record(s), chain $($audit.Verdict)$(if ($audit.Reason) { ": $($audit.Reason)" })."
if ($audit.Verdict -ne 'Passed') { $failed++ }
[ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content $SummaryPath
exit ([int]($failed -gt 0))
