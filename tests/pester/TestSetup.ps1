# Dot-sourced by every test file: imports the BUILT module (out/PubSecDr) and the lab helpers.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $RepoRoot 'out/PubSecDr/PubSecDr.psd1'
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1') -Force

function New-TestStore {
    # A fresh folder store per test block, under out/ so failed runs can be inspected.
    $path = Join-Path $RepoRoot "out/test-stores/$([Guid]::NewGuid().ToString('N').Substring(0, 12))"
    New-Item -ItemType Directory -Force $path | Out-Null
    $path
}

function Get-LabBackupParameters {
    @{ QdrantUri = Get-LabQdrantUri; GrpcUri = Get-LabGrpcUri; ApiKey = Get-LabApiKey; Confirm = $false }
}
