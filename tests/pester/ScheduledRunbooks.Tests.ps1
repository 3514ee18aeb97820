# The scheduled runbooks (issue 14 item 1) as a CronJob runs them: `pwsh -File` in a fresh process, every setting from
# PUBSECDR_* variables, secrets from the variables the environment file names, the exit code the only verdict.
# They run against a copy of the lab's environment file whose regions' stores are this file's own folders, so what
# they write, copy and prune is only what these tests made.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRunbooks.ps1')
    Set-LabEnvironmentVariables
    $script:Secrets = Get-LabSecrets

    $script:RunbookEnvironment = New-RunbookEnvironment
    $script:EnvironmentFile = $RunbookEnvironment.File
    $script:Stores = $RunbookEnvironment.Stores

    New-LabCollection -Name 'sr-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 200 -Seed 141
    New-LabCollection -Name 'sr-chunks' -ShardNumber 1 -ReplicationFactor 3 -PointCount 80 -Seed 142

    $script:QdrantJob = @{ PUBSECDR_REGION = 'primary'; PUBSECDR_COPY_REGION = 'secondary'; PUBSECDR_COLLECTIONS = 'sr-docs,sr-chunks' }
}

AfterAll {
    Remove-RunbookEnvironment $RunbookEnvironment
    Remove-LabCollection 'sr-docs', 'sr-chunks'
}

Describe 'Invoke-DrQdrantBackupRunbook.ps1' {
    It 'backs up every named collection, copies each backup to the secondary region''s store and applies retention, exit 0' {
        $run = Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 $QdrantJob

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $primary = @(Get-DrBackup -Store $Stores.primary)
        $primary.Collection | Sort-Object | Should -Be @('sr-chunks', 'sr-docs')
        $primary.Status | Should -Be @('Succeeded', 'Succeeded')
        @(Get-DrBackup -Store $Stores.secondary).Id | Sort-Object | Should -Be @($primary.Id | Sort-Object) -Because 'each backup is copied under its id'
        $run.Text | Should -Match 'Qdrant backup runbook passed: 2 backup\(s\) Succeeded, 2 copied to secondary, retention deleted 0'
    }

    It 'adds a second backup per collection on the next run; retention keeps the fresh ones' {
        $run = Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 $QdrantJob

        $run.ExitCode | Should -Be 0 -Because $run.Text
        @(Get-DrBackup -Store $Stores.primary -Collection 'sr-docs').Count | Should -Be 2
        @(Get-DrBackup -Store $Stores.secondary -Collection 'sr-docs').Count | Should -Be 2
    }

    It 'exits 1 with the stable id when a collection does not exist, after backing up and copying the others' {
        $job = $QdrantJob.Clone()
        $job.PUBSECDR_COLLECTIONS = 'sr-chunks,sr-missing'
        $job.PUBSECDR_SKIP_RETENTION = 'true'

        $run = Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 $job

        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match 'QdrantCollectionNotFound'
        $run.Text | Should -Match 'Qdrant backup runbook FAILED: 1 backup\(s\), 0 not Succeeded, 0 copy\(ies\) missing'
        @(Get-DrBackup -Store $Stores.primary -Collection 'sr-chunks').Count | Should -Be 3
        @(Get-DrBackup -Store $Stores.secondary -Collection 'sr-chunks').Count | Should -Be 3 -Because 'the backup that succeeded is still copied'
    }

    It 'exits 1 naming the variable when no environment file is given' {
        $run = Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 @{ PUBSECDR_ENVIRONMENT = '' }
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'PUBSECDR_ENVIRONMENT'
    }
}

Describe 'Invoke-DrRedisBackupRunbook.ps1' {
    It 'backs up the region''s Redis and copies it to the secondary region''s store, exit 0' {
        $run = Invoke-Runbook Invoke-DrRedisBackupRunbook.ps1 @{ PUBSECDR_REGION = 'primary'; PUBSECDR_COPY_REGION = 'secondary' }

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $redis = @(Get-DrBackup -Store $Stores.primary -Kind Redis)
        $redis.Count | Should -Be 1
        $redis[0].Status | Should -Be 'Succeeded'
        @(Get-DrBackup -Store $Stores.secondary -Kind Redis).Id | Should -Be $redis[0].Id
    }

    It 'prints no secret with -Verbose (the check is in Invoke-Runbook, on every run of this file)' {
        $run = Invoke-Runbook Invoke-DrRedisBackupRunbook.ps1 @{ PUBSECDR_REGION = 'primary'; PUBSECDR_SKIP_RETENTION = 'true'; PUBSECDR_REDIS_MODE = 'Logical' } -Arguments '-Verbose'

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'VERBOSE:' -Because 'the cmdlets'' verbose stream reaches the job log'
        @(Get-DrBackup -Store $Stores.primary -Kind Redis).Count | Should -Be 2
    }

    It 'exits 1 on a mode it does not know' {
        $run = Invoke-Runbook Invoke-DrRedisBackupRunbook.ps1 @{ PUBSECDR_REGION = 'primary'; PUBSECDR_REDIS_MODE = 'Snapshot' }
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'PUBSECDR_REDIS_MODE'
    }
}

Describe 'Invoke-DrIntegrityRunbook.ps1' {
    It 'checks the newest backup of each source Full and every older one Quick, exit 0 when all pass' {
        $run = Invoke-Runbook Invoke-DrIntegrityRunbook.ps1 @{ PUBSECDR_REGION = 'primary' }

        $run.ExitCode | Should -Be 0 -Because $run.Text
        # sr-docs (2 runs), sr-chunks (3 runs) and Redis (2): the newest of each Full, the other four Quick.
        $run.Text | Should -Match 'Integrity runbook passed: 3 newest backup\(s\) Full, 4 older Quick, all Passed'
    }

    It 'exits 1 on an empty store: a daily check with nothing to check is a failure' {
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'store-empty')).FullName
        $environment = Get-Content $EnvironmentFile -Raw | ConvertFrom-Json -AsHashtable
        $environment.regions.primary.store = @{ location = $empty }
        $file = $EnvironmentFile -replace '\.json$', '-empty.json'
        $environment | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $file
        try {
            $run = Invoke-Runbook Invoke-DrIntegrityRunbook.ps1 @{ PUBSECDR_ENVIRONMENT = $file; PUBSECDR_REGION = 'primary' }
        } finally { Remove-Item -LiteralPath $file }
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'no Succeeded backup'
    }
}

Describe 'Invoke-DrRestoreTestRunbook.ps1' {
    It 'restores the newest backup of each collection into scratch, passes and leaves no scratch collection' {
        $run = Invoke-Runbook Invoke-DrRestoreTestRunbook.ps1 @{ PUBSECDR_REGION = 'primary' }

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'the newest backup of 2 collection\(s\) restored into scratch and Passed'
        Get-ScratchCollections | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-DrIntegrityRunbook.ps1 on a damaged backup' {
    It 'exits 1 naming the failed check when an older backup lost bytes' {
        $older = Get-DrBackup -Store $Stores.primary -Collection 'sr-docs' | Sort-Object StartedAt | Select-Object -First 1
        $part = Get-ChildItem -LiteralPath $Stores.primary -Recurse -File | Where-Object { $_.FullName -like "*$($older.Id)*" -and $_.Name -notlike '*.json' } |
            Sort-Object Length -Descending | Select-Object -First 1
        $part | Should -Not -BeNullOrEmpty -Because 'the folder store keeps each part as a file under the backup''s id'
        $stream = [IO.File]::Open($part.FullName, 'Open', 'Write')
        try { $stream.SetLength($stream.Length - 1) } finally { $stream.Dispose() }

        $run = Invoke-Runbook Invoke-DrIntegrityRunbook.ps1 @{ PUBSECDR_REGION = 'primary' }

        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match "Backup $($older.Id) did not pass its Quick check"
    }
}

Describe 'Invoke-DrDrillRunbook.ps1 -FirstSundayOnly' {
    It 'does not drill on <Day>, exit 0' -ForEach @(
        @{ Day = 'a Monday of the first week'; Date = '2026-12-07' }
        @{ Day = 'the second Sunday'; Date = '2026-12-13' }
        @{ Day = 'a Saturday among days 1-7'; Date = '2026-12-05' }) {
        $before = @(Get-DrDrillHistory -Environment (Import-DrEnvironment -Path $EnvironmentFile) -ErrorAction SilentlyContinue).Count
        $run = Invoke-Runbook Invoke-DrDrillRunbook.ps1 @{ PUBSECDR_DRILL_FIRST_SUNDAY_ONLY = 'true'; PUBSECDR_DRILL_TODAY = $Date }

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match "$Date \w+ is not the first Sunday of the month; no drill today"
        @(Get-DrDrillHistory -Environment (Import-DrEnvironment -Path $EnvironmentFile) -ErrorAction SilentlyContinue).Count | Should -Be $before
    }

    It 'goes on to the drill on the first Sunday (a scenario that does not exist then fails it, exit 1)' {
        $run = Invoke-Runbook Invoke-DrDrillRunbook.ps1 @{ PUBSECDR_DRILL_FIRST_SUNDAY_ONLY = 'true'; PUBSECDR_DRILL_TODAY = '2026-12-06'; PUBSECDR_DRILL_SCENARIO = 'NoSuchScenario' }

        $run.ExitCode | Should -Be 1
        $run.Text | Should -Not -Match 'not the first Sunday'
        $run.Text | Should -Match 'NoSuchScenario'
    }

    It 'fails a misconfigured job even on a day it skips' {
        $run = Invoke-Runbook Invoke-DrDrillRunbook.ps1 @{ PUBSECDR_DRILL_FIRST_SUNDAY_ONLY = 'true'; PUBSECDR_DRILL_TODAY = '2026-12-07'; PUBSECDR_ENVIRONMENT = (Join-Path $TestDrive 'missing.json') }
        $run.ExitCode | Should -Be 1
        $run.Text | Should -Match 'does not exist'
    }
}
