# Runs in a fresh pwsh: imports the built module and turns docs/help/*.md into MAML next to it.
# Fails when the markdown and the cmdlets disagree (see build/Help).
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MarkdownPath
)
$ErrorActionPreference = 'Stop'
try {
    Import-Module (Join-Path $PSScriptRoot 'Help/PubSecHelp.psm1')
    $module = Import-Module $ModulePath -PassThru
    $culture = Join-Path $module.ModuleBase 'en-US'
    ConvertTo-PubSecMaml -MarkdownPath $MarkdownPath -Module $module -OutputPath $culture | Out-Null
    exit 0
} catch {
    Write-Host "Help generation failed: $_" -ForegroundColor Red
    exit 1
}
