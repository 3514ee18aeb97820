# Invoke-DrDrill and Get-DrDrillHistory against the lab (issue 13): the DatabaseRestore and SecurityBreach drills end
# Passed with every phase timed and leave the lab as they found it (collections of both regions, Redis keys, the
# primary namespace's Secrets, the store's objects apart from the drill history); SecurityBreach rotates a drill copy
# of the app's API-key Secret and proves the app follows, never showing a value; a drill killed in the middle leaves leftovers the next one removes
# and reports; a flipped byte in the newest part fails the drill naming the backup and the check; the history shows
# the trend and the success rate. Each Describe drills its own store (an environment file like the lab's whose
# primary store is the test's), so the drill sees only the backups the test made.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    . (Join-Path $PSScriptRoot 'TestDns.ps1')
    . (Join-Path $PSScriptRoot 'TestDrills.ps1')
    $script:LabEnvironment = Import-LabDrEnvironment
    $script:Suffix = [Guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:EnvironmentFiles = [Collections.Generic.List[string]]::new()
    $script:Collections = [Collections.Generic.List[string]]::new()
    $script:LabParams = Get-LabBackupParameters

    function New-DrillEnvironment([string] $Store, [switch] $NoApiKeySecret) {
        # The lab's environment file with the primary region's store replaced.
        $change = if ($NoApiKeySecret) { { param($json) $json.regions.primary.application.Remove('apiKeySecret') } }
        $path = New-DrillEnvironmentFile -Name "drill-test-$Suffix" -Region primary -Store $Store -Change $change
        $EnvironmentFiles.Add($path)
        Import-DrEnvironment -Path $path
    }

    function New-DrillCollection([string] $Name, [int] $Points, [int] $Seed) {
        New-LabCollection -Name $Name -ShardNumber 3 -ReplicationFactor 1 -PointCount $Points -Seed $Seed
        $Collections.Add($Name)
    }

    function Invoke-DrillRunbook($Environment) {
        # scripts/Invoke-DrDrillRunbook.ps1 as a scheduler runs it: a fresh pwsh, the module found through PSModulePath.
        $startInfo = New-FreshPwshStartInfo -File (Join-Path $RepoRoot 'scripts/Invoke-DrDrillRunbook.ps1')
        foreach ($argument in '-Environment', $Environment.SourcePath, '-Scenario', 'DatabaseRestore') { $startInfo.ArgumentList.Add($argument) }
        $startInfo.Environment['PSModulePath'] = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
        $startInfo.Environment['PUBSECDR_LAB_QDRANT_API_KEY'] = (Get-LabConfig).qdrant.apiKey
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($startInfo)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout; Error = $stderr.Result }
    }
}

AfterAll {
    Remove-LabCollection ($Collections | Select-Object -Unique)
    foreach ($file in $EnvironmentFiles) { Remove-Item $file -ErrorAction Ignore }
    Remove-TestStoresMade
}

Describe 'Invoke-DrDrill DatabaseRestore and SecurityBreach, then a broken backup and the history' {
    BeforeAll {
        $script:Store = New-TestStore -Kind Folder
        $script:Env1 = New-DrillEnvironment $Store
        $script:A = "drill-a-$Suffix"
        $script:B = "drill-b-$Suffix"
        New-DrillCollection $A 600 31
        New-DrillCollection $B 400 32
        $script:First = @(New-QdrantBackup @LabParams -Collection $A, $B -Store $Store)
        $redisPassword = ConvertTo-SecureString (Get-LabRedis).password -AsPlainText -Force
        $script:RedisBackup = New-RedisBackup (Get-LabRedis).primary -Password $redisPassword -Mode Rdb -Store $Store -Name "drill-redis-$Suffix" -Confirm:$false
        Start-Sleep -Milliseconds 1100
        $script:BreachTime = [DateTime]::UtcNow
        Start-Sleep -Milliseconds 1100
        # A backup of A after the breach: the breach drill must go back to the one before it.
        $script:AfterBreach = New-QdrantBackup @LabParams -Collection $A -Store $Store
        $script:Drills = [Collections.Generic.List[object]]::new()
    }

    It 'DatabaseRestore restores the newest good backup of each collection into drill collections, verifies them, passes and leaves the lab as found' {
        $before = Get-DrillLabState $LabEnvironment $Store
        $result = Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $Drills.Add($result)
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed }) -join '; ')
        $result.Phases.Name | Should -Be @('RemoveLeftovers', 'IdentifyLastGoodBackup', 'RestoreQdrant', 'VerifyQdrant', 'RestoreRedis', 'RemoveDrillResources')
        @($result.Phases | Where-Object { "$($_.Status)" -ne 'Succeeded' }) | Should -BeNullOrEmpty -Because 'the store holds Qdrant and Redis backups'
        Assert-DrillPhasesTimed $result -AllowSkipped
        $result.Rto | Should -Be (($result.Phases | Where-Object CountsTowardRto | ForEach-Object { $_.Duration }) | Measure-Object -Property Ticks -Sum | ForEach-Object { [TimeSpan]::new($_.Sum) })
        $result.Rpo | Should -BeGreaterThan ([TimeSpan]::Zero)
        # A's newest backup is the one after the breach time; B's is its first: the older of the two gives the RPO.
        $result.RpoBasis | Should -Match ([regex]::Escape(($First | Where-Object Collection -eq $B).Id))
        ($result.Created | Where-Object Kind -eq QdrantCollection).Name | Sort-Object | Should -Be @("pubsec-dr-drill-$($result.Id)-$A", "pubsec-dr-drill-$($result.Id)-$B") -Because 'one drill collection per collection'
        $redisFolder = ($result.Created | Where-Object Kind -eq LocalDirectory).Name
        Split-Path $redisFolder -Leaf | Should -Be "pubsec-dr-drill-$($result.Id)-redis-drill-redis-$Suffix"
        Test-Path $redisFolder | Should -BeFalse -Because 'the restored dump.rdb is removed with its folder'
        $count = $result.Checks | Where-Object Name -eq 'RedisKeyCount'
        $count.Passed | Should -BeTrue
        $count.Target | Should -Be $RedisBackup.Id
        $count.Observed | Should -Be "$($RedisBackup.KeyCount) keys in the restored RDB, the manifest says $($RedisBackup.KeyCount)"
        ($result.Removed.Name | Sort-Object) | Should -Be ($result.Created.Name | Sort-Object)
        ($result.Checks | Where-Object Name -eq 'PointCount').Observed | Should -Contain '600 points, the manifest says 600'
        ($result.Checks | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $Store)
        Write-Host ("DatabaseRestore drill: RTO $([math]::Round($result.Rto.TotalSeconds, 2)) s; " + (($result.Phases | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }

    It 'SecurityBreach checks every backup at Full, restore-tests the newest, restores from before the breach, passes and leaves the lab as found' {
        $before = Get-DrillLabState $LabEnvironment $Store
        # Verbose and warnings kept: the secret values must not reach the log either.
        $all = @(Invoke-DrDrill -Environment $Env1 -Scenario SecurityBreach -BreachTime $BreachTime -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue -Verbose 4>&1 3>&1)
        $result = $all | Where-Object { $_.PSObject.TypeNames -contains 'PubSec.Dr.DrillResult' }
        $script:Logged = @($all | Where-Object { $_.PSObject.TypeNames -notcontains 'PubSec.Dr.DrillResult' } | ForEach-Object { "$_" })
        $Drills.Add($result)
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed }) -join '; ')
        Assert-DrillPhasesTimed $result -AllowSkipped
        $integrity = @($result.Checks | Where-Object Name -eq 'BackupIntegrity' | Where-Object { $_.Observed -like '*passes Full integrity (*' })
        ($integrity.Target | Sort-Object) | Should -Be (@($First.Id + $AfterBreach.Id + $RedisBackup.Id) | Sort-Object) -Because 'every backup of the store is checked at Full'
        $prebreach = $result.Phases | Where-Object Name -eq 'RestoreBeforeBreach'
        $prebreach.Details -join "`n" | Should -Match ([regex]::Escape("backup $(($First | Where-Object Collection -eq $A).Id) restored into 'pubsec-dr-drill-$($result.Id)-prebreach-$A'"))
        $result.Created.Count | Should -Be 5 -Because 'a restore test of the newest and a pre-breach restore per collection, and the Secret copy'
        $result.Removed.Count | Should -Be 5
        $result.RpoBasis | Should -Match 'breach time'

        # The rotation: a drill copy of app-api-keys, accepted by the app, rotated with Update-DrSecret's engine, new key in, old key out.
        $rotate = $result.Phases | Where-Object Name -eq 'RotateSecret'
        "$($rotate.Status)" | Should -Be 'Succeeded'
        $rotate.PlanStep | Should -Be 'Scenario 4 (security breach): rotate secrets'
        $rotate.PerformedBy | Should -Be 'Update-DrSecret'
        $copy = "pubsec-dr-drill-$($result.Id)-app-api-keys"
        ($result.Created | Where-Object Kind -eq Secret).Name | Should -Be $copy
        ($result.Removed | Where-Object Kind -eq Secret).Name | Should -Be $copy
        foreach ($check in 'SecretCopyAccepted', 'SecretRotated', 'RotatedKeyAccepted', 'OldKeyRefused') {
            $found = @($result.Checks | Where-Object Name -eq $check)
            $found.Count | Should -Be 1 -Because "the rotation records $check"
            $found[0].Passed | Should -BeTrue -Because $found[0].Observed
            $found[0].Target | Should -Be $copy
        }
        ($result.Checks | Where-Object Name -eq 'OldKeyRefused').Observed | Should -Match 'refuses \(after [\d.]+ s\)'
        Write-Host "SecurityBreach rotation: $(($result.Checks | Where-Object Name -in 'SecretCopyAccepted', 'RotatedKeyAccepted', 'OldKeyRefused').Observed -join '; ')"

        # No value in the result or the log: not the production key, and no 43-character base64url token (the drill's values).
        $namespace = $LabEnvironment.Region('primary').Kubernetes.Namespace
        $production = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Invoke-LabKubernetes "api/v1/namespaces/$namespace/secrets/app-api-keys").data.'client-key'))
        $shown = ($result | ConvertTo-Json -Depth 10) + ($Logged -join "`n")
        $shown | Should -Not -Match ([regex]::Escape($production))
        [regex]::Matches($shown, '(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])').Value | Where-Object { $_ -notlike 'pubsec-dr-*' } | Should -BeNullOrEmpty
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $Store)
    }

    It 'a flipped byte in the newest part fails the drill, naming the backup and the check, with the DrillFailed error' {
        $broken = New-QdrantBackup @LabParams -Collection $B -Store $Store
        $part = Join-Path $Store ($broken.Parts | Where-Object Size -gt 0 | Select-Object -First 1).Key
        $bytes = [IO.File]::ReadAllBytes($part)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0xFF
        [IO.File]::WriteAllBytes($part, $bytes)
        $before = Get-DrillLabState $LabEnvironment $Store

        $result = Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue -ProgressAction SilentlyContinue
        $Drills.Add($result)
        "$($result.Verdict)" | Should -Be 'Failed'
        $failed = @($result.Checks | Where-Object { -not $_.Passed })
        $failed.Count | Should -Be 1
        $failed[0].Name | Should -Be 'BackupIntegrity'
        $failed[0].Target | Should -Be $broken.Id
        $failed[0].Observed | Should -Match 'PartChecksum|checksum'
        @($result.Criteria | Where-Object { -not $_.Passed }).Name | Should -Be @('All checks passing') -Because 'the recovery itself worked, from the older backup'
        @($result.Phases | Where-Object { "$($_.Status)" -ne 'Succeeded' }) | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DrillFailed,*'
        $failures[0].Exception.Message | Should -Match ([regex]::Escape("BackupIntegrity $($broken.Id)"))
        # The older good backup of B is still restored and verified: the drill measures the recovery it would do.
        ($result.Phases | Where-Object Name -eq 'RestoreQdrant').Details -join "`n" | Should -Match ([regex]::Escape(($First | Where-Object Collection -eq $B).Id))
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $Store)
    }

    It 'Get-DrDrillHistory returns the drills newest first with the trend per scenario and the success rate' {
        $history = Get-DrDrillHistory -Environment $Env1
        $history.Drills.Id | Should -Be @($Drills[2].Id, $Drills[1].Id, $Drills[0].Id)
        $history.SuccessRate | Should -BeGreaterThan 0.66
        $history.SuccessRate | Should -BeLessThan 0.67
        $history.SuccessRateTarget | Should -Be 0.95
        $restore = $history.Trends | Where-Object Scenario -eq 'DatabaseRestore'
        $restore.Drills | Should -Be 2
        $restore.Passed | Should -Be 1
        $restore.Points.Count | Should -Be 2
        $restore.Points[0].Rto | Should -Be $Drills[0].Rto
        $restore.RtoDirection | Should -BeIn @('Improving', 'Worsening', 'Steady')
        ($history.Trends | Where-Object Scenario -eq 'SecurityBreach').RtoDirection | Should -Be 'Unknown'
        (Get-DrDrillHistory -Environment $Env1 -Scenario SecurityBreach).Drills.Id | Should -Be @($Drills[1].Id)
        (Get-DrDrillHistory -Environment $Env1 -Last 1).Drills.Id | Should -Be @($Drills[2].Id)
        Write-Host ("History: success rate {0:P0} (target {1:P0}); {2}" -f $history.SuccessRate, $history.SuccessRateTarget,
            (($history.Trends | ForEach-Object { "$($_.Scenario) $($_.Passed)/$($_.Drills) RTO $($_.RtoDirection)" }) -join '; '))
    }

    It '-Scenario Scheduled runs the plan''s rotation for this month' {
        $expected = @{ 1 = 'RegionalFailover'; 2 = 'DatabaseRestore'; 3 = 'InfrastructureRebuild'; 0 = 'SecurityBreach' }[[DateTime]::UtcNow.Month % 4]
        $result = Invoke-DrDrill -Environment $Env1 -Scenario Scheduled -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failures -ProgressAction SilentlyContinue
        "$($result.Scenario)" | Should -Be $expected
        $result.Scheduled | Should -BeTrue
    }

    It 'the drill runbook exits 1 while the newest backup is broken' {
        # After the flipped byte above.
        $run = Invoke-DrillRunbook $Env1
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'Drill runbook FAILED: DatabaseRestore drill [0-9a-f]+ is Failed; criteria not met: All checks passing; errors: DrillFailed'
    }

    It '-WhatIf describes the phases and changes nothing' {
        $before = Get-DrillLabState $LabEnvironment $Store
        $count = (Get-ChildItem $Store -Recurse -File).Count
        Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -WhatIf | Should -BeNullOrEmpty
        (Get-ChildItem $Store -Recurse -File).Count | Should -Be $count
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $Store)
    }
}

Describe 'A drill killed in the middle leaves leftovers that the next drill removes and reports' {
    BeforeAll {
        $script:KillStore = New-TestStore -Kind Folder
        $script:Env2 = New-DrillEnvironment $KillStore
        $script:Slow = "drill-slow-$Suffix"
        New-DrillCollection $Slow 600 33
        # ~300 MB of WAL padding in the snapshots: the drill's restore takes seconds, long enough to be killed in.
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 100MB } -Region primary | Out-Null
        try { New-QdrantBackup @LabParams -Collection $Slow -Store $KillStore | Out-Null }
        finally { Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } -Region primary | Out-Null }
        $script:Before = Get-DrillLabState $LabEnvironment $KillStore

        # Killed once its ledger names the drill collection and the collection exists: the restore phase runs.
        $script:Ledger = Stop-DrillWhenLedger -EnvironmentPath $Env2.SourcePath -EnvironmentName $Env2.Name -Store $KillStore -Scenario DatabaseRestore -Ready {
            param($seen) $seen.resources.Count -gt 0 -and (Invoke-LabRegionQdrant primary GET "collections/$($seen.resources[0].name)/exists").result.exists
        }
        $script:ChildId = $Ledger.ChildId
    }

    It 'the killed drill left its ledger (naming its process) and its drill collection' {
        $Ledger.owner -split '/' | Select-Object -Index 1 | Should -Be "$ChildId"
        $Ledger.resources[0].name | Should -Be "pubsec-dr-drill-$($Ledger.id)-$Slow"
        (Invoke-LabRegionQdrant primary GET "collections/$($Ledger.resources[0].name)/exists").result.exists | Should -BeTrue
        Test-Path (Join-Path $KillStore "drills/$($Env2.Name)/running/$($Ledger.id).json") | Should -BeTrue
    }

    It 'the next drill removes the leftovers first, reports them, passes, and the lab is as before the killed drill' {
        $result = Invoke-DrDrill -Environment $Env2 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        $result.LeftoversRemoved.Name | Should -Be @("pubsec-dr-drill-$($Ledger.id)-$Slow")
        $result.LeftoversRemoved[0].DrillId | Should -Be $Ledger.id
        $result.LeftoversRemoved[0].RemovedAt | Should -Not -BeNullOrEmpty
        ($result.Phases | Where-Object Name -eq 'RemoveLeftovers').Details -join "`n" | Should -Match "Drill $($Ledger.id) \(DatabaseRestore, started .*\) was killed"
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed }) -join '; ')
        Assert-DrillPhasesTimed $result -AllowSkipped
        Get-ChildItem (Join-Path $KillStore "drills/$($Env2.Name)/running") -File -ErrorAction Ignore | Should -BeNullOrEmpty -Because 'no ledger is left'
        Assert-SameDrillLabState $Before (Get-DrillLabState $LabEnvironment $KillStore)
    }

    It 'the drill runbook exits 0 when the drill passes' {
        $run = Invoke-DrillRunbook $Env2
        $run.ExitCode | Should -Be 0 -Because "$($run.Output) $($run.Error)"
        $run.Output | Should -Match 'Drill runbook passed: DatabaseRestore drill [0-9a-f]+ Passed'
        Assert-SameDrillLabState $Before (Get-DrillLabState $LabEnvironment $KillStore)
    }
}

Describe 'Invoke-DrDrill InfrastructureRebuild' {
    BeforeAll {
        $script:RebuildStore = New-TestStore -Kind Folder
        $script:RebuildEnv = New-DrillEnvironment $RebuildStore
        $script:C = "drill-c-$Suffix"
        New-DrillCollection $C 300 33
        New-QdrantBackup @LabParams -Collection $C -Store $RebuildStore | Out-Null
        $script:Owner = New-TestCertificate 'pubsecdr-drill-rebuild' KeyEncipherment
        $script:PrimaryKube = (Get-LabRegion primary).kubernetes
        $script:Config = Backup-DrKubernetesConfig -KubeConfig $PrimaryKube.kubeconfig -Context $PrimaryKube.context -Namespace $LabEnvironment.Region('primary').Kubernetes.Namespace `
            -Store $RebuildStore -EncryptionCertificate (Get-PublicOnly $Owner) -Confirm:$false

        function Get-Namespaces {
            (& kubectl --kubeconfig $PrimaryKube.kubeconfig --context $PrimaryKube.context get namespaces -o 'jsonpath={.items[*].metadata.name}') -split ' ' | Where-Object { $_ } | Sort-Object
        }
    }

    It 'applies the configuration backup to a drill namespace, waits for its workloads, restores and checks the data, passes and removes it all' {
        $before = Get-DrillLabState $LabEnvironment $RebuildStore
        $namespaces = Get-Namespaces
        $result = Invoke-DrDrill -Environment $RebuildEnv -Scenario InfrastructureRebuild -DecryptionCertificate $Owner -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed }) -join '; ')
        $result.Phases.Name | Should -Be @('RemoveLeftovers', 'IdentifyBackups', 'ApplyConfiguration', 'RestoreData', 'WaitWorkloads', 'SmokeChecks', 'RemoveDrillResources')
        Assert-DrillPhasesTimed $result -AllowSkipped
        ($result.Checks | Where-Object Name -eq 'ConfigBackupIntegrity').Target | Should -Be $Config.Id
        @($result.Checks | Where-Object Name -eq 'WorkloadReady').Count | Should -BeGreaterThan 0
        ($result.Checks | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty
        ($result.Created | Where-Object Kind -eq Namespace).Name | Should -Be "pubsec-dr-drill-$($result.Id)"
        ($result.Removed.Name | Sort-Object) | Should -Be ($result.Created.Name | Sort-Object)
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $RebuildStore)
        Get-Namespaces | Should -Be $namespaces -Because 'the drill namespace is gone (not Terminating) when the drill returns'
        Write-Host ("InfrastructureRebuild drill: RTO $([math]::Round($result.Rto.TotalSeconds, 2)) s; " + (($result.Phases | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }
}

Describe 'Invoke-DrDrill SecurityBreach without application.apiKeySecret' {
    BeforeAll {
        $script:PlainStore = New-TestStore -Kind Folder
        $script:PlainEnv = New-DrillEnvironment $PlainStore -NoApiKeySecret
        $script:D = "drill-d-$Suffix"
        New-DrillCollection $D 200 34
        New-QdrantBackup @LabParams -Collection $D -Store $PlainStore | Out-Null
    }

    It 'skips the secret rotation saying what to add, creates no Secret, and still passes' {
        $before = Get-DrillLabState $LabEnvironment $PlainStore
        $result = Invoke-DrDrill -Environment $PlainEnv -Scenario SecurityBreach -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        $rotate = $result.Phases | Where-Object Name -eq 'RotateSecret'
        "$($rotate.Status)" | Should -Be 'Skipped'
        $rotate.Details -join "`n" | Should -Match 'regions\.primary\.application\.apiKeySecret is not set: add the name of the Secret'
        @($result.Created | Where-Object Kind -eq Secret) | Should -BeNullOrEmpty
        @($result.Checks | Where-Object Name -like '*Key*') | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed }) -join '; ')
        Assert-DrillPhasesTimed $result -AllowSkipped
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment $PlainStore)
    }
}
