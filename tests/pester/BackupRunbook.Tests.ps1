# scripts/Invoke-DrBackupRunbook.ps1 as a scheduler runs it: `pwsh -File` in a fresh process, settings from
# arguments (lists as one comma-separated string, which is all -File can pass) or environment variables, and
# the exit code as the only verdict a CronJob or scheduled task reads.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Runbook = Join-Path $RepoRoot 'scripts/Invoke-DrBackupRunbook.ps1'
    $script:Lab = Get-LabConfig
    $script:Nodes = (Get-LabQdrantUri) -join ','
    $script:ApiKeyFile = Join-Path $TestDrive 'qdrant-api-key'
    Set-Content -LiteralPath $ApiKeyFile -Value $Lab.qdrant.apiKey -NoNewline
    New-LabCollection -Name 'br-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 300 -Seed 171
    New-LabCollection -Name 'br-chunks' -ShardNumber 1 -ReplicationFactor 3 -PointCount 100 -Seed 172

    function Invoke-Runbook([string[]] $Arguments = @(), [hashtable] $Environment = @{}) {
        # The module is found by name through PSModulePath, as on a host where it is installed; no PUBSECDR_*
        # variable leaks in from this session unless the case sets it.
        $startInfo = New-FreshPwshStartInfo -File $Runbook
        foreach ($argument in $Arguments) { $startInfo.ArgumentList.Add($argument) }
        $startInfo.Environment['PSModulePath'] = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
        foreach ($name in @($startInfo.Environment.Keys | Where-Object { $_ -like 'PUBSECDR_*' })) { $null = $startInfo.Environment.Remove($name) }
        foreach ($variable in $Environment.GetEnumerator()) { $startInfo.Environment[$variable.Key] = $variable.Value }
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($startInfo)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw 'The runbook did not end within 5 minutes.' }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result; Text = $stdout.Result + $stderr.Result }
    }
}

AfterAll {
    Remove-TestStoresMade
    Remove-LabCollection 'br-docs', 'br-chunks'
}

Describe 'Invoke-DrBackupRunbook.ps1 run with pwsh -File' {
    It 'exits 0 after backing up and verifying every named collection, with the node and collection lists as comma-separated strings' {
        $store = New-TestStore -Kind Folder

        $run = Invoke-Runbook '-QdrantUri', $Nodes, '-GrpcUri', (Get-LabGrpcUri).ToString(), '-Store', $store, '-Collection', 'br-docs,br-chunks', '-ApiKeyFile', $ApiKeyFile

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $backups = @(Get-DrBackup -Store $store)
        $backups.Collection | Sort-Object | Should -Be @('br-chunks', 'br-docs')
        $backups.Status | Should -Be @('Succeeded', 'Succeeded')
        $backups.Nodes | ForEach-Object { $_ } | Should -Not -BeNullOrEmpty
        ($backups | Test-BackupIntegrity -Level Quick).Verdict | Should -Be @('Passed', 'Passed')
        $run.Text | Should -Not -Match ([regex]::Escape($Lab.qdrant.apiKey)) -Because 'the key is never printed'
    }

    It 'takes every setting from PUBSECDR_* environment variables' {
        $store = New-TestStore -Kind Folder

        $run = Invoke-Runbook -Environment @{
            PUBSECDR_QDRANT_NODES = $Nodes; PUBSECDR_QDRANT_GRPC = (Get-LabGrpcUri).ToString(); PUBSECDR_STORE = $store
            PUBSECDR_COLLECTIONS = 'br-chunks'; PUBSECDR_QDRANT_API_KEY = $Lab.qdrant.apiKey
        }

        $run.ExitCode | Should -Be 0 -Because $run.Text
        (Get-DrBackup -Store $store).Collection | Should -Be 'br-chunks'
        $run.Text | Should -Not -Match ([regex]::Escape($Lab.qdrant.apiKey))
    }

    It 'exits non-zero when a backup fails: <Case>' -ForEach @(
        @{ Case = 'a collection that does not exist'; Collections = 'br-docs,br-missing'; ExtraNode = $null; Id = 'QdrantCollectionNotFound' }
        @{ Case = 'an unreachable node'; Collections = 'br-docs'; ExtraNode = 'http://127.0.0.1:1'; Id = 'QdrantUnreachable' }) {
        $store = New-TestStore -Kind Folder
        $nodes = if ($ExtraNode) { "$Nodes,$ExtraNode" } else { $Nodes }

        $run = Invoke-Runbook -Arguments '-QdrantUri', $nodes, '-GrpcUri', (Get-LabGrpcUri).ToString(), '-Store', $store, '-Collection', $Collections `
            -Environment @{ PUBSECDR_QDRANT_API_KEY = $Lab.qdrant.apiKey }

        $run.ExitCode | Should -Not -Be 0 -Because $run.Text
        $run.Text | Should -Match $Id -Because 'the failure is reported with its stable id'
        $run.Text | Should -Not -Match ([regex]::Escape($Lab.qdrant.apiKey))
    }

    It 'exits non-zero, naming what is missing, when no node list is given' {
        $run = Invoke-Runbook '-Store', (New-TestStore -Kind Folder)
        $run.ExitCode | Should -Not -Be 0
        $run.Text | Should -Match 'PUBSECDR_QDRANT_NODES'
    }
}
