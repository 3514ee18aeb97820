<#
.SYNOPSIS
    Builds, tests and runs PubSecDr. Run with: dotnet pwsh ./build.ps1 -Task <Task>
.DESCRIPTION
    Bootstrap  installs what a fresh machine lacks (local tools, Pester from NuGet, Debian/npm packages).
    Build      leaves the importable module, with MAML help, at out/PubSecDr/PubSecDr.psd1.
    Test       runs xunit, then Pester in a fresh pwsh against out/PubSecDr, with the lab running;
               ends with one line "N passed, N failed".
    LabStart   starts the local lab (Qdrant emulator) and writes out/lab/lab.json.  LabStop stops it.
    Drill      the main job: lab, sample data, backup to a local folder, verification, result objects.
    Bench      runs the benchmarks in bench/.
    Package    builds, then writes out/package/PubSecDr-<version>.zip: the module folder at the zip root with
               ModuleVersion set (-Version, default the manifest's), as Azure Automation imports it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Bootstrap', 'Build', 'Test', 'LabStart', 'LabStop', 'Drill', 'Bench', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # The ModuleVersion the Package task writes into the packaged manifest (default: module/PubSecDr.psd1's).
    [string] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$script:Root = $PSScriptRoot
$script:Out = Join-Path $Root 'out'
$script:ModuleOut = Join-Path $Out 'PubSecDr'
$script:LabOut = Join-Path $Out 'lab'
$script:Configuration = $Configuration
$script:Version = $Version

Get-ChildItem (Join-Path $Root 'build/tasks') -Filter '*.ps1' | ForEach-Object { . $_.FullName }

foreach ($name in $Task) {
    Write-Host "==> $name" -ForegroundColor Cyan
    & "Invoke-${name}Task"
}
