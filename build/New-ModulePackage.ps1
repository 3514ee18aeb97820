<#
.SYNOPSIS
    Zips a built module the way Azure Automation imports it: the module folder (named after the module) at the zip
    root, with ModuleVersion set in the packaged manifest. Called by build.ps1 -Task Package and by the Pester test.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DestinationFolder,
    [string] $Version
)

$ErrorActionPreference = 'Stop'
$name = Split-Path -Leaf $ModulePath
$manifestPath = Join-Path $ModulePath "$name.psd1"
if (-not (Test-Path -LiteralPath $manifestPath)) { throw "$ModulePath holds no $name.psd1; build the module first (build.ps1 -Task Build)." }
if (-not $Version) { $Version = [string](Import-PowerShellDataFile $manifestPath).ModuleVersion }
if (-not [Version]::TryParse($Version, [ref]$null)) { throw "Version '$Version' is not a module version (Major.Minor[.Build[.Revision]])." }

# Staged copy, so out/<module> (what the tests import) keeps its manifest as built.
$stage = Join-Path $DestinationFolder "stage-$([Guid]::NewGuid().ToString('N'))"
$folder = Join-Path $stage $name
New-Item -ItemType Directory -Path $stage -Force | Out-Null
try {
    Copy-Item -LiteralPath $ModulePath -Destination $folder -Recurse
    $manifest = Join-Path $folder "$name.psd1"
    $text = Get-Content -LiteralPath $manifest -Raw
    $pattern = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if ($text -notmatch $pattern) { throw "No ModuleVersion line in $manifestPath." }
    Set-Content -LiteralPath $manifest -Value ([regex]::Replace($text, $pattern, "`${1}'$Version'")) -NoNewline
    Test-ModuleManifest -Path $manifest -ErrorAction Stop | Out-Null

    $zip = Join-Path $DestinationFolder "$name-$Version.zip"
    if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
    # includeBaseDirectory false on the stage: the one entry at the root is the module folder; .NET writes '/' separators.
    [IO.Compression.ZipFile]::CreateFromDirectory($stage, $zip, [IO.Compression.CompressionLevel]::Optimal, $false)
    $zip
}
finally {
    Remove-Item -LiteralPath $stage -Recurse -Force -ErrorAction SilentlyContinue
}
