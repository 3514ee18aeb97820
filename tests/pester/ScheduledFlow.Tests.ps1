# Issue 14's first "Done when", as one flow a scheduler would produce: the scheduled Qdrant backup runbook twice and
# the daily integrity runbook once, each writing the metrics file as the textfile collector reads it. The exported
# values must be the store's, Get-DrStatus must judge the fresh backups and their check OK (and every value once the
# weekly restore test and a drill have run too), and with the clock 8 h on the backup age must be FAIL and the
# shipped alert must fire on the values exported then. The runbooks' audit records and every
# cmdlet's must form one intact chain, and no lab secret may appear in metrics, audit log, -Verbose output or status.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRunbooks.ps1')
    . (Join-Path $PSScriptRoot 'TestMetrics.ps1')
    Set-LabEnvironmentVariables
    $script:Secrets = Get-LabSecrets

    $script:RunbookEnvironment = New-RunbookEnvironment
    $script:EnvironmentFile = $RunbookEnvironment.File
    $script:Primary = $RunbookEnvironment.Stores.primary
    $script:MetricsFile = Join-Path $RunbookEnvironment.StoreRoot 'pubsec_dr.prom'
    $script:Collections = 'sf-docs', 'sf-faq'
    New-LabCollection -Name 'sf-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 150 -Seed 151
    New-LabCollection -Name 'sf-faq' -ShardNumber 1 -ReplicationFactor 1 -PointCount 60 -Seed 152

    $job = @{ PUBSECDR_REGION = 'primary'; PUBSECDR_COPY_REGION = 'secondary'; PUBSECDR_COLLECTIONS = ($Collections -join ','); PUBSECDR_METRICS_PATH = $MetricsFile }
    $script:Runs = @(
        Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 $job
        Invoke-Runbook Invoke-DrQdrantBackupRunbook.ps1 $job -Arguments '-Verbose'
        Invoke-Runbook Invoke-DrIntegrityRunbook.ps1 @{ PUBSECDR_REGION = 'primary'; PUBSECDR_METRICS_PATH = $MetricsFile } -Arguments '-Verbose'
    )
    $script:Environment = Import-DrEnvironment -Path $EnvironmentFile
}

AfterAll {
    Remove-RunbookEnvironment $RunbookEnvironment
    Remove-LabCollection $Collections
}

Describe 'Two scheduled backups and a daily integrity check' {
    It 'each runbook exits 0' {
        foreach ($run in $Runs) { $run.ExitCode | Should -Be 0 -Because $run.Text }
        $Runs[2].Text | Should -Match 'Integrity runbook passed: 2 newest backup\(s\) Full, 2 older Quick, all Passed'
    }

    It 'leave metrics whose newest-backup timestamps are the store''s newest backups' {
        $values = ConvertFrom-Metrics (Get-Content -LiteralPath $MetricsFile -Raw)
        foreach ($collection in $Collections) {
            $backups = @(Get-DrBackup -Store $Primary -Collection $collection)
            $backups.Count | Should -Be 2 -Because 'two runs backed it up'
            $newest = $backups | Sort-Object CompletedAt -Descending | Select-Object -First 1
            $values["qdrant_last_backup_timestamp{collection=`"$collection`"}"] | Should -BeGreaterOrEqual ((Get-UnixSeconds $newest.CompletedAt) - 0.0005)
            $values["qdrant_last_backup_timestamp{collection=`"$collection`"}"] | Should -BeLessOrEqual ((Get-UnixSeconds $newest.CompletedAt) + 0.0005)
            $values["pubsec_dr_backups{kind=`"Qdrant`",source=`"$collection`",status=`"Succeeded`"}"] | Should -Be 2
            $values["pubsec_dr_integrity_failed_backups{kind=`"Qdrant`",source=`"$collection`"}"] | Should -Be 0
        }
        # The integrity run wrote the file last: its verdicts are in it.
        $values.Keys | Where-Object { $_ -like 'pubsec_dr_integrity_last_check_timestamp_seconds*' } | Should -HaveCount 2
    }

    It 'make Get-DrStatus OK on the backup age and the integrity check of every collection' {
        $rows = @(Get-DrStatus -Environment $Environment -Region primary | Where-Object Source -In $Collections)
        $rows.Source | Sort-Object | Should -Be $Collections
        foreach ($row in $rows) {
            $row.BackupHealth | Should -Be 'OK'
            $row.IntegrityHealth | Should -Be 'OK'
            $row.LastIntegrity | Should -Match '^Full Passed '
        }
    }

    It 'with the weekly restore test and a drill run as well, make Get-DrStatus OK on every value of every collection' {
        $restore = Invoke-Runbook Invoke-DrRestoreTestRunbook.ps1 @{ PUBSECDR_REGION = 'primary'; PUBSECDR_COLLECTIONS = ($Collections -join ',') }
        $restore.ExitCode | Should -Be 0 -Because $restore.Text
        $drill = Invoke-Runbook Invoke-DrDrillRunbook.ps1 @{ PUBSECDR_DRILL_SCENARIO = 'DatabaseRestore'; PUBSECDR_DRILL_REGION = 'primary' }
        $drill.ExitCode | Should -Be 0 -Because $drill.Text

        $rows = @(Get-DrStatus -Environment $Environment -Region primary | Where-Object Source -In $Collections)
        $rows | Should -HaveCount 2
        foreach ($row in $rows) { $row.Health | Should -Be 'OK' -Because ($row.Reasons -join '; ') }
    }

    It 'make the backup age FAIL with the clock 8 h on, and the shipped 7 h alert fires on the values exported then' {
        $later = [DateTimeOffset]::UtcNow.AddHours(8)
        $rows = @(Get-DrStatus -Environment $Environment -Region primary -AsOf $later | Where-Object Source -In $Collections)
        $rows.BackupHealth | Should -Be 'FAIL', 'FAIL'
        $rows.Health | Should -Be 'FAIL', 'FAIL'
        $rows | ForEach-Object { $_.Reasons -join '; ' | Should -Match 'newest backup 8(\.\d)? h old' }

        $values = ConvertFrom-Metrics (Export-DrMetrics -Environment $Environment -Region primary -AsOf $later)
        $fired = Invoke-PromtoolTest $values $later.ToUnixTimeSeconds() @{
            QdrantBackupTooOld = @(@{ severity = 'critical'; collection = 'sf-docs' }, @{ severity = 'critical'; collection = 'sf-faq' })
        }
        $fired.ExitCode | Should -Be 0 -Because $fired.Output
    }

    It 'leave an intact audit chain in the store: every backup, copy and retention run, and each runbook''s own record' {
        $check = Test-DrAuditLog -Store $Primary
        $check.Verdict | Should -Be 'Passed'
        $records = @(Get-DrAuditLog -Store $Primary)
        $check.RecordCount | Should -Be $records.Count
        @($records | Where-Object Command -EQ 'Invoke-DrQdrantBackupRunbook' | Where-Object Outcome -EQ 'Succeeded') | Should -HaveCount 2
        @($records | Where-Object Command -EQ 'Invoke-DrIntegrityRunbook') | Should -HaveCount 1
        # One New-QdrantBackup record per run naming both collections, one Copy-DrBackup record per copied backup.
        $backupRecords = @($records | Where-Object Command -EQ 'New-QdrantBackup')
        $backupRecords | Should -HaveCount 2
        foreach ($record in $backupRecords) {
            $record.Outcome | Should -Be 'Succeeded'
            foreach ($collection in $Collections) { $record.Target | Should -Match $collection }
        }
        # In the order they happened: sequence numbers rise with time.
        $records.Sequence | Should -Be (1..$records.Count)
        # The copies changed the secondary's store: their records are there, one per copied backup, in a chain of their own.
        $secondary = $RunbookEnvironment.Stores.secondary
        (Test-DrAuditLog -Store $secondary).Verdict | Should -Be 'Passed'
        @(Get-DrAuditLog -Store $secondary -Command 'Copy-DrBackup' -Outcome Succeeded) | Should -HaveCount 4
    }

    It 'put no lab secret in the metrics, the audit log, the runbooks'' -Verbose output or the status view' {
        $audit = (Get-ChildItem -LiteralPath @((Join-Path $Primary 'audit'), (Join-Path $RunbookEnvironment.Stores.secondary 'audit')) -Recurse -File |
                ForEach-Object { Get-Content -LiteralPath $_.FullName -Raw }) -join "`n"
        $audit | Should -Not -BeNullOrEmpty
        $status = Get-DrStatus -Environment $Environment -Region primary | Format-Table -AutoSize | Out-String -Width 400
        $texts = @{ metrics = Get-Content -LiteralPath $MetricsFile -Raw; audit = $audit; status = $status; runbooks = ($Runs.Text -join "`n") }
        foreach ($name in $texts.Keys) {
            foreach ($secret in $Secrets) { $texts[$name] | Should -Not -Match ([regex]::Escape($secret)) -Because "the $name hold no secret" }
        }
        # The -Verbose runs did narrate (so the scan above read verbose text, not an empty stream).
        $Runs[1].Text | Should -Match 'VERBOSE:'
    }
}
