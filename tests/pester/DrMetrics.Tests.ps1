# Export-DrMetrics against the lab: backups of two collections (one twice) and of the lab's Redis, a restore test of
# the newest backup of one collection; the exported values must be the store's, and the shipped alert rules
# (deploy/prometheus) are checked and run by Debian's promtool against what was exported, now and 8 h later.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Scratch = @{ ScratchQdrantUri = $LabParams.QdrantUri; ScratchGrpcUri = $LabParams.GrpcUri; ScratchApiKey = $LabParams.ApiKey }
    $script:Redis = Get-LabRedis
    $script:OperatorFile = Join-Path $RepoRoot 'deploy/prometheus/pubsec-dr.prometheusrule.yaml'

    New-LabCollection -Name 'mx-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 300 -Seed 141
    New-LabCollection -Name 'mx-faq' -ShardNumber 1 -ReplicationFactor 1 -PointCount 80 -Seed 142
    $script:Store = New-TestStore -Kind Folder
    $script:DocsFirst = New-QdrantBackup @LabParams -Collection 'mx-docs' -Store $Store
    $script:DocsSecond = New-QdrantBackup @LabParams -Collection 'mx-docs' -Store $Store
    $script:Faq = New-QdrantBackup @LabParams -Collection 'mx-faq' -Store $Store
    $redisPassword = ConvertTo-SecureString $Redis.password -AsPlainText -Force
    $script:RedisBackup = New-RedisBackup $Redis.primary -Password $redisPassword -Mode Rdb -Store $Store -Name 'mx-sessions' -Confirm:$false
    $script:Proof = $DocsSecond | Test-BackupIntegrity -Level Restore @Scratch

    . (Join-Path $PSScriptRoot 'TestMetrics.ps1')
}

AfterAll {
    Remove-TestStoresMade
    Remove-LabCollection 'mx-docs', 'mx-faq'
}

Describe 'Export-DrMetrics against the lab' {
    BeforeAll {
        $script:File = Join-Path $TestDrive 'pubsec_dr.prom'
        $script:AsOf = [DateTimeOffset]::UtcNow
        $script:Export = Export-DrMetrics -Store $Store -Path $File -AsOf $AsOf -Confirm:$false
        $script:Text = Get-Content -LiteralPath $File -Raw
        $script:Values = ConvertFrom-Metrics $Text
    }

    It 'exports the completion time of the newest backup of each collection and Redis name, as the store lists it' {
        $Proof.Verdict | Should -Be 'Passed'
        foreach ($latest in Get-DrBackup -Store $Store -Latest) {
            $key = if ($latest.Kind -eq 'Qdrant') { "qdrant_last_backup_timestamp{collection=`"$($latest.Collection)`"}" } else { "redis_last_backup_timestamp{name=`"$($latest.Name)`"}" }
            $Values[$key] | Should -BeGreaterThan 0 -Because "$key is exported"
            [math]::Abs($Values[$key] - (Get-UnixSeconds $latest.CompletedAt)) | Should -BeLessOrEqual 0.0006 -Because "$key is the completion of $($latest.Id)"
        }
        (Get-UnixSeconds $DocsSecond.CompletedAt) | Should -BeGreaterThan (Get-UnixSeconds $DocsFirst.CompletedAt)
        $Values['pubsec_dr_backups{kind="Qdrant",source="mx-docs",status="Succeeded"}'] | Should -Be 2
        $Values['pubsec_dr_backups{kind="Qdrant",source="mx-faq",status="Succeeded"}'] | Should -Be 1
        $Values['pubsec_dr_newest_backup_size_bytes{kind="Redis",source="mx-sessions"}'] | Should -Be $RedisBackup.Parts[0].Size
        $Export.Path | Should -Be $File
        ($Export.Backups, $Export.RestoreProofs) | Should -Be @(4, 1)
    }

    It 'exports a verified-restorable time only for the backup the restore test proved' {
        [math]::Abs($Values['qdrant_last_verified_restorable_backup_timestamp{collection="mx-docs"}'] - (Get-UnixSeconds $DocsSecond.CompletedAt)) | Should -BeLessOrEqual 0.0006
        $Values.Keys | Where-Object { $_ -like 'qdrant_last_verified_restorable_backup_timestamp{collection="mx-faq"}' } | Should -BeNullOrEmpty
        $Values.Keys | Where-Object { $_ -like 'redis_last_verified_restorable_backup_timestamp*' } | Should -BeNullOrEmpty
        $proofTime = $Values['pubsec_dr_restore_proof_timestamp_seconds{kind="Qdrant",source="mx-docs"}']
        $proofTime | Should -BeGreaterOrEqual (Get-UnixSeconds $Proof.CheckedAt)
        $proofTime | Should -BeLessOrEqual ($AsOf.ToUnixTimeSeconds() + 1)
    }

    It 'writes the same text to the output without -Path, and nothing with -WhatIf' {
        (Export-DrMetrics -Store $Store -AsOf $AsOf) | Should -BeExactly $Text
        $other = Join-Path $TestDrive 'whatif.prom'
        Export-DrMetrics -Store $Store -Path $other -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath $other | Should -BeFalse
    }

    It 'writes no secret: not the Qdrant key, not the Redis password' {
        $plainKey = [Net.NetworkCredential]::new('', $LabParams.ApiKey).Password
        $Text | Should -Not -Match ([regex]::Escape($plainKey))
        $Text | Should -Not -Match ([regex]::Escape($Redis.password))
    }

    It 'reports an unreadable restore proof with RestoreProofInvalid and still writes the other metrics' {
        $broken = New-TestStore -Kind Folder
        $DocsFirst | Copy-DrBackup -Destination $broken | Out-Null
        Write-TestStoreObject $broken 'proofs/restore/qdrant/mx-docs/20260101T000000Z-x.json' ([Text.Encoding]::UTF8.GetBytes('{ not json'))

        $text = Export-DrMetrics -Store $broken -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId | Should -BeLike 'RestoreProofInvalid,*'
        $text | Should -Match 'qdrant_last_backup_timestamp\{collection="mx-docs"\}'
    }

    It 'fails with MetricsDirectoryNotFound for a path in a missing folder, before reading the store' {
        { Export-DrMetrics -Store $Store -Path (Join-Path $TestDrive 'no/such/x.prom') -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MetricsDirectoryNotFound*'
    }
}

Describe 'deploy/prometheus rules' {
    It 'the PrometheusRule holds exactly the groups of the plain rule file' {
        $plain = Get-Content -LiteralPath $RulesFile
        $groups = $plain[([array]::IndexOf($plain, 'groups:'))..($plain.Count - 1)] | ForEach-Object { if ($_) { "  $_" } else { $_ } }
        $operator = Get-Content -LiteralPath $OperatorFile
        $spec = $operator[([array]::IndexOf($operator, 'spec:') + 1)..($operator.Count - 1)]
        $spec | Should -Be $groups
        $operator | Should -Contain 'kind: PrometheusRule'
    }

    It 'passes promtool check rules' {
        $output = & promtool check rules $RulesFile 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'SUCCESS: 5 rules found'
    }

    It 'on the exported values: the 7 h alert is quiet now and fires for both collections with the clock 8 h on (and the Redis 25 h alert does not)' {
        $now = [DateTimeOffset]::UtcNow
        $later = $now.AddHours(8)
        $nowValues = ConvertFrom-Metrics (Export-DrMetrics -Store $Store -AsOf $now)
        $laterValues = ConvertFrom-Metrics (Export-DrMetrics -Store $Store -AsOf $later)
        $laterValues['pubsec_dr_last_backup_age_seconds{kind="Qdrant",source="mx-docs"}'] - $nowValues['pubsec_dr_last_backup_age_seconds{kind="Qdrant",source="mx-docs"}'] | Should -Be (8 * 3600)

        $quiet = Invoke-PromtoolTest $nowValues $now.ToUnixTimeSeconds() @{ QdrantBackupTooOld = @(); RedisBackupTooOld = @(); QdrantVerifiedRestorableBackupTooOld = @() }
        $quiet.ExitCode | Should -Be 0 -Because $quiet.Output

        $fired = Invoke-PromtoolTest $laterValues $later.ToUnixTimeSeconds() @{
            QdrantBackupTooOld = @(@{ severity = 'critical'; collection = 'mx-docs' }, @{ severity = 'critical'; collection = 'mx-faq' })
            RedisBackupTooOld  = @()
        }
        $fired.ExitCode | Should -Be 0 -Because $fired.Output
    }

    It 'on the exported values 9 days on: the verified-restorable alert fires for the proven collection, the never-proven one for the other' {
        $later = [DateTimeOffset]::UtcNow.AddDays(9)
        $values = ConvertFrom-Metrics (Export-DrMetrics -Store $Store -AsOf $later)

        # The never-proven alert waits 8 d (for:); the series exist from 0 in promtool's timeline, so it has fired.
        $run = Invoke-PromtoolTest $values $later.ToUnixTimeSeconds() @{
            QdrantVerifiedRestorableBackupTooOld = @(@{ severity = 'warning'; collection = 'mx-docs' })
            QdrantBackupNeverProvenRestorable    = @(@{ severity = 'warning'; collection = 'mx-faq' })
        }
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }

    It 'promtool test rules fails when the expectation is wrong (the test can fail)' {
        $now = [DateTimeOffset]::UtcNow
        $values = ConvertFrom-Metrics (Export-DrMetrics -Store $Store -AsOf $now)
        $run = Invoke-PromtoolTest $values $now.ToUnixTimeSeconds() @{ QdrantBackupTooOld = @(@{ severity = 'critical'; collection = 'mx-docs' }) }
        $run.ExitCode | Should -Not -Be 0
    }
}

Describe 'Get-DrStatus against the lab' {
    It 'is OK for the collection backed up and proven just now, and FAIL on the backup age with the clock 8 h on' {
        $statusStore = New-TestStore -Kind Folder
        $DocsSecond | Copy-DrBackup -Destination $statusStore | Out-Null
        (Get-DrBackup -Store $statusStore | Test-BackupIntegrity -Level Restore @Scratch).Verdict | Should -Be 'Passed'
        # A passed drill an hour ago in the store's history (as Invoke-DrDrill saves it), so the drill column is OK too.
        $started = [DateTimeOffset]::UtcNow.AddHours(-1)
        $record = @{ id = 'a1b2c3d4e5'; environment = 'lab'; scenario = 'DatabaseRestore'; startedAt = $started.ToString('o'); verdict = 'Passed'; checks = @() } | ConvertTo-Json
        $key = 'drills/lab/{0:yyyyMMdd}T{0:HHmmss}Z-DatabaseRestore-a1b2c3d4e5.json' -f $started.UtcDateTime
        Write-TestStoreObject $statusStore $key ([Text.Encoding]::UTF8.GetBytes($record))

        $now = @(Get-DrStatus -Store $statusStore)
        $now.Count | Should -Be 1
        ($now[0].Kind, $now[0].Source, $now[0].BackupHealth, $now[0].VerifiedHealth, $now[0].DrillHealth, $now[0].Health) | Should -Be @('Qdrant', 'mx-docs', 'OK', 'OK', 'OK', 'OK')
        $now[0].LastDrill | Should -Be 'DatabaseRestore Passed'
        $now[0].Reasons | Should -BeNullOrEmpty
        $now[0].NewestBackupId | Should -Be $DocsSecond.Id
        $now[0].VerifiedBy | Should -Be 'Test-BackupIntegrity -Level Restore'

        $later = Get-DrStatus -Store $statusStore -AsOf ([DateTimeOffset]::UtcNow.AddHours(8))
        $later.BackupHealth | Should -Be 'FAIL'
        $later.Health | Should -Be 'FAIL'
        $later.Reasons -join ';' | Should -Match 'newest backup 8(\.\d)? h old'
    }

    It 'renders its table view without a secret' {
        $table = Get-DrStatus -Store $Store | Format-Table | Out-String -Width 200
        $table | Should -Match 'Health\s+Kind\s+Source\s+Backup age'
        $table | Should -Match 'mx-docs'
        $table | Should -Not -Match ([regex]::Escape([Net.NetworkCredential]::new('', $LabParams.ApiKey).Password))
        $table | Should -Not -Match ([regex]::Escape($Redis.password))
    }
}

Describe 'A drill proves restorability' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestRegions.ps1')
        $null = Import-LabDrEnvironment
        $script:DrillStore = New-TestStore -Kind Folder
        $DocsFirst | Copy-DrBackup -Destination $DrillStore | Out-Null
        $RedisBackup | Copy-DrBackup -Destination $DrillStore | Out-Null
        # The lab's environment file with the primary region's store replaced, beside it so its relative paths hold.
        $json = Get-Content (Get-LabEnvironmentPath) -Raw | ConvertFrom-Json -AsHashtable
        $json.name = 'metrics-test-' + [Guid]::NewGuid().ToString('N').Substring(0, 6)
        $json.regions.primary.store.location = (Resolve-Path $DrillStore).Path
        $script:DrillEnvironmentFile = Join-Path (Split-Path (Get-LabEnvironmentPath)) "$($json.name).json"
        $json | ConvertTo-Json -Depth 10 | Set-Content $DrillEnvironmentFile
        $script:DrillEnvironment = Import-DrEnvironment -Path $DrillEnvironmentFile
    }

    AfterAll { Remove-Item $DrillEnvironmentFile -ErrorAction Ignore }

    It 'a DatabaseRestore drill that restored a backup makes it the verified-restorable one, for Qdrant and Redis, without a restore proof' {
        $drill = Invoke-DrDrill -Environment $DrillEnvironment -Scenario DatabaseRestore -Confirm:$false -ErrorAction SilentlyContinue -ProgressAction SilentlyContinue
        ($drill.Checks | Where-Object { $_.Name -eq 'Restore' -and $_.Passed }).Target | Should -Be $DocsFirst.Id
        ($drill.Checks | Where-Object { $_.Name -eq 'RedisRestore' -and $_.Passed }).Target | Should -Be $RedisBackup.Id

        $values = ConvertFrom-Metrics (Export-DrMetrics -Environment $DrillEnvironment -Region primary)

        [math]::Abs($values['qdrant_last_verified_restorable_backup_timestamp{collection="mx-docs"}'] - (Get-UnixSeconds $DocsFirst.CompletedAt)) | Should -BeLessOrEqual 0.0006
        [math]::Abs($values['redis_last_verified_restorable_backup_timestamp{name="mx-sessions"}'] - (Get-UnixSeconds $RedisBackup.CompletedAt)) | Should -BeLessOrEqual 0.0006
        $values["pubsec_dr_drill_last_passed{environment=`"$($DrillEnvironment.Name)`",scenario=`"DatabaseRestore`"}"] | Should -Be $(if ("$($drill.Verdict)" -eq 'Passed') { 1 } else { 0 })
        @(Get-TestStoreKey $DrillStore 'proofs/') | Should -BeNullOrEmpty -Because 'the proof is the drill history, not a restore proof'
        (Get-DrStatus -Environment $DrillEnvironment -Region primary | Where-Object Source -eq 'mx-docs').VerifiedBy | Should -Be "Invoke-DrDrill DatabaseRestore $($drill.Id)"
    }
}
