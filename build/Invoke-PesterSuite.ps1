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
[ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content $SummaryPath
exit ([int]($failed -gt 0))
