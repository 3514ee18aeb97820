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
# The NUnit XML is written below, not by Invoke-Pester: when its own export fails (a failure message holding a
# character XML cannot carry), Invoke-Pester returns no result at all, and the run read as 0 failed.
$configuration.TestResult.Enabled = $false

$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) {
    Write-Host 'Invoke-Pester returned no result: the run counts as failed.'
    [ordered]@{ Passed = 0; Failed = 1; Skipped = 0 } | ConvertTo-Json | Set-Content $SummaryPath
    exit 1
}
# Failures in BeforeAll/containers are failures too, not silently skipped tests.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount

# A test that reports a child process's error text can carry its ANSI colour codes (ESC), which XML 1.0 cannot
# hold; the result file keeps the text without them.
foreach ($item in @($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers)) {
    foreach ($record in @($item.ErrorRecord)) {
        foreach ($name in 'DisplayErrorMessage', 'DisplayStackTrace') {
            if ($record -and $record.PSObject.Properties[$name]) {
                $record.$name = [string]$record.$name -replace '\x1b\[[0-9;?]*[A-Za-z]', '' -replace '[\x00-\x08\x0b\x0c\x0e-\x1f]', ''
            }
        }
    }
}
try {
    $result | Export-NUnitReport -Path $ResultPath
} catch {
    # The counts below still decide the run; only the failure digest loses its detail.
    Write-Host "Could not write $ResultPath`: $($_.Exception.Message)"
}

# Every change the tests made chained into one log, whichever cmdlet and test wrote it.
Import-Module (Join-Path $PSScriptRoot '../out/PubSecDr/PubSecDr.psd1') -Force
$audit = Test-DrAuditLog -Store $auditStore -ErrorAction Continue
Write-Host "Suite audit log: $($audit.RecordCount) record(s), chain $($audit.Verdict)$(if ($audit.Reason) { ": $($audit.Reason)" })."
if ($audit.Verdict -ne 'Passed') { $failed++ }
[ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content $SummaryPath
exit ([int]($failed -gt 0))
