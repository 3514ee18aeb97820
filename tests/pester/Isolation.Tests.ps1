# Ops sessions often hold other versions of our dependencies (AWS.Tools, Az bring Protobuf, Grpc,
# AWSSDK.Core). The module must import and work after such a version is already loaded.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $script:OldProtobuf = Join-Path $packages.Trim() 'google.protobuf/3.25.1/lib/net5.0/Google.Protobuf.dll'
    New-LabCollection -Name 'e2e-isolation' -ShardNumber 1 -ReplicationFactor 1 -PointCount 100 -Seed 61
}

Describe 'Dependency isolation' {
    It 'imports and backs up after another Google.Protobuf version was loaded first' {
        Test-Path $OldProtobuf | Should -BeTrue -Because 'Bootstrap restores Google.Protobuf 3.25.1 for this test'
        $lab = Get-LabConfig
        $store = New-TestStore
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$OldProtobuf'
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
`$backup = New-QdrantBackup -QdrantUri $((Get-LabQdrantUri) -join ',') -GrpcUri $(Get-LabGrpcUri) -ApiKey `$key -Collection e2e-isolation -Store '$store' -Confirm:`$false
`$report = `$backup | Test-BackupIntegrity
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Google.Protobuf' } | ForEach-Object { `$_.GetName().Version.ToString() }
[pscustomobject]@{ Status = `$backup.Status.ToString(); Verdict = `$report.Verdict.ToString(); Protobuf = @(`$versions | Sort-Object) } | ConvertTo-Json -Compress
"@
        $output = Invoke-FreshPwshScript -Script $script -WorkDirectory $store
        $result = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $result.Status | Should -Be 'Succeeded'
        $result.Verdict | Should -Be 'Passed'
        $result.Protobuf.Count | Should -Be 2 -Because 'the old version stays in the default context and ours loads beside it'
        $result.Protobuf | Should -Contain '3.25.1.0'
    }
}
