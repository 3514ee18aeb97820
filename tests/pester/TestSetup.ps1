# Dot-sourced by every test file: imports the BUILT module (out/PubSecDr) and the lab helpers.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $RepoRoot 'out/PubSecDr/PubSecDr.psd1'
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1') -Force

# Test files that take param($StoreKind) run once per store kind (build/Invoke-PesterSuite.ps1); the
# helpers below read it through PowerShell's dynamic scope and fall back to a folder store.
. (Join-Path $PSScriptRoot 'TestStores.ps1')
. (Join-Path $PSScriptRoot 'TestAzureBlobs.ps1')
. (Join-Path $PSScriptRoot 'TestCertificates.ps1')
. (Join-Path $PSScriptRoot 'TestRedis.ps1')

function Get-LabBackupParameters {
    @{ QdrantUri = Get-LabQdrantUri; GrpcUri = Get-LabGrpcUri; ApiKey = Get-LabApiKey; Confirm = $false }
}

function Remove-LabCollection([string[]] $Name) {
    # Collections a test created, removed so the shared lab holds only what the next test seeds.
    foreach ($collection in $Name) {
        if ((Invoke-LabQdrant GET "collections/$collection/exists").result.exists) { Invoke-LabQdrant DELETE "collections/$collection" | Out-Null }
    }
}

function Get-ScratchCollections {
    # Scratch collections a test restore (Test-BackupIntegrity -Level Restore) left on the lab.
    @((Invoke-LabQdrant GET 'collections').result.collections.name | Where-Object { $_ -like 'pubsec-dr-scratch-*' })
}
