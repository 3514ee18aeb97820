# Invoke-DrDrill -Scenario RegionalFailover against the two-region lab (issue 13, plan 2.1): the failover's own steps
# against the drill-only name (dns.drillName of the lab's environment file) and drill copies of the data in the
# secondary. It ends Passed with every phase timed, the drill name moved to the secondary and answered there, a drill
# copy of Redis promoted, and leaves the lab as it found it: the collections of both regions, the Redis keys of both,
# the empty drill Redis, every record set of the zone (the public name still on the primary). A drill killed after it made its record leaves leftovers (the record,
# a drill collection) that the next drill removes and reports. Each Describe drills its own secondary store, filled
# with backups of the primary's collections as the cross-region copy would.

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
    $script:Route53 = (Get-LabDnsConfig).Route53
    $script:Caching = (Get-LabConfig).dns.caching
    $script:PublicName = ([Uri]$LabEnvironment.Service.PublicUrl).Host
    $script:DrillName = $LabEnvironment.Dns.DrillName
    $script:PrimaryAddress = @($LabEnvironment.Dns.Records[0].Values['primary'])
    $script:SecondaryAddress = @($LabEnvironment.Dns.Records[0].Values['secondary'])

    function New-FailoverDrillEnvironment([string[]] $Collection) {
        # A store for the secondary holding backups of what the secondary's readiness judges (the collections it
        # holds) and of the test's collections, taken from the primary: what the cross-region copy gives it.
        $store = New-TestStore -Kind Folder
        $held = @((Invoke-LabRegionQdrant secondary GET 'collections').result.collections.name)
        $fromPrimary = @((Invoke-LabRegionQdrant primary GET 'collections').result.collections.name | Where-Object { $_ -in $held -or $_ -in $Collection })
        New-QdrantBackup @LabParams -Collection $fromPrimary -Store $store | Out-Null
        $path = New-DrillEnvironmentFile -Name "drill-fo-$Suffix" -Region secondary -Store $store
        $EnvironmentFiles.Add($path)
        [pscustomobject]@{ Store = $store; Environment = Import-DrEnvironment -Path $path }
    }
}

AfterAll {
    Remove-LabCollection ($Collections | Select-Object -Unique)
    foreach ($file in $EnvironmentFiles) { Remove-Item $file -ErrorAction Ignore }
    Remove-TestStoresMade
}

Describe 'Invoke-DrDrill RegionalFailover' {
    BeforeAll {
        $script:A = "drill-fo-a-$Suffix"
        New-LabCollection -Name $A -ShardNumber 2 -ReplicationFactor 1 -PointCount 400 -Seed 41
        $Collections.Add($A)
        $script:Drill = New-FailoverDrillEnvironment -Collection $A
    }

    It 'fails the drill name over to the secondary with the failover''s steps on drill copies, passes, and leaves the lab as found' {
        $DrillName | Should -Be "drill.$PublicName."
        $before = Get-DrillLabState $LabEnvironment
        Get-TestDnsAddress $Caching $PublicName | Should -Be $PrimaryAddress

        $result = Invoke-DrDrill -Environment $Drill.Environment -Scenario RegionalFailover -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): $($_.Observed)" }) -join '; ')
        $result.Phases.Name | Should -Be @('RemoveLeftovers', 'PrepareDrillRecord', 'TargetReadiness', 'PromoteRedis', 'IdentifyLastGoodBackup', 'RestoreQdrant', 'VerifyQdrant',
            'DnsSwitch', 'DnsPropagation', 'VerifyService', 'RemoveDrillResources')
        Assert-DrillPhasesTimed $result
        ($result.Phases | Where-Object CountsTowardRto).Name | Should -Be @('TargetReadiness', 'PromoteRedis', 'IdentifyLastGoodBackup', 'RestoreQdrant', 'VerifyQdrant', 'DnsSwitch', 'DnsPropagation', 'VerifyService')
        ($result.Checks | Where-Object { -not $_.Passed }) | Should -BeNullOrEmpty

        # The drill name was set to the primary first, then moved to the secondary, and every resolver followed.
        $prepare = ($result.Phases | Where-Object Name -eq PrepareDrillRecord).Details -join "`n"
        $prepare | Should -Match "failing over from primary to secondary"
        $prepare | Should -Match ([regex]::Escape("$DrillName A at caching: answers $($PrimaryAddress -join ',')"))
        $switch = ($result.Phases | Where-Object Name -eq DnsSwitch).Details -join "`n"
        $switch | Should -Match ([regex]::Escape("$DrillName A $($PrimaryAddress -join ',') -> $($SecondaryAddress -join ',')"))
        $propagation = ($result.Phases | Where-Object Name -eq DnsPropagation).Details
        $propagation.Count | Should -Be 2 -Because 'one row per resolver of the environment'
        foreach ($row in $propagation) { $row | Should -Match "answers $([regex]::Escape($SecondaryAddress -join ','))" }
        # The service answered through the drill name, from the secondary.
        $service = ($result.Checks | Where-Object Name -eq ServiceThroughDrillName)
        $service.Passed | Should -BeTrue
        $service.Target | Should -Be 'secondary'
        $answers = ($result.Phases | Where-Object Name -eq VerifyService).Details
        $answers.Count | Should -Be 3 -Because '/health, /ready and the test query'
        foreach ($answer in $answers) { $answer | Should -Match "passed: .*\(http://$([regex]::Escape($DrillName.TrimEnd('.'))):\d+/.* at $([regex]::Escape($SecondaryAddress[0])), answered by secondary\)" }

        # Drill copies of the data in the secondary, restored from its store and verified; the RPO is the oldest backup's age.
        ($result.Created | Where-Object Kind -eq QdrantCollection).Name | Should -Contain "pubsec-dr-drill-$($result.Id)-$A"
        ($result.Created | Where-Object Kind -eq QdrantCollection).Region | Select-Object -Unique | Should -Be 'secondary'
        ($result.Created | Where-Object Kind -eq DnsRecord).Name | Should -Be "$DrillName A"
        ($result.Checks | Where-Object { $_.Name -eq 'PointCount' -and $_.Target -like "* → pubsec-dr-drill-$($result.Id)-$A" }).Observed | Should -Be '400 points, the manifest says 400'
        $result.Rpo | Should -BeGreaterThan ([TimeSpan]::Zero)
        $result.RpoBasis | Should -Match 'age of Qdrant backup|lag of the Redis drill copy'

        # A drill copy of the secondary's Redis followed the primary, caught up, was promoted and held every key; then emptied.
        $copy = $result.Checks | Where-Object Name -eq RedisDrillCopy
        $copy.Passed | Should -BeTrue
        ($result.Created | Where-Object Kind -eq RedisScratch).Name | Should -Be $LabEnvironment.Region('secondary').DrillRedis.Endpoint
        ($result.Removed.Name | Sort-Object) | Should -Be ($result.Created.Name | Sort-Object)

        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment)
        Get-TestDnsAddress $Caching $PublicName | Should -Be $PrimaryAddress -Because 'the public name never moved'
        Write-Host ("RegionalFailover drill: RTO $([math]::Round($result.Rto.TotalSeconds, 2)) s, RPO $([math]::Round($result.Rpo.TotalSeconds, 1)) s; " +
            (($result.Phases | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }

    It '-WhatIf changes nothing' {
        $before = Get-DrillLabState $LabEnvironment
        Invoke-DrDrill -Environment $Drill.Environment -Scenario RegionalFailover -WhatIf | Should -BeNullOrEmpty
        Assert-SameDrillLabState $before (Get-DrillLabState $LabEnvironment)
    }
}

Describe 'A RegionalFailover drill killed after it made its record' {
    BeforeAll {
        $script:Slow = "drill-fo-slow-$Suffix"
        New-LabCollection -Name $Slow -ShardNumber 3 -ReplicationFactor 1 -PointCount 600 -Seed 43
        $Collections.Add($Slow)
        # ~300 MB of WAL padding in the snapshots: the drill's restore takes seconds, long enough to be killed in.
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 100MB } -Region primary | Out-Null
        try { $script:KillDrill = New-FailoverDrillEnvironment -Collection $Slow }
        finally { Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } -Region primary | Out-Null }
        $script:Before = Get-DrillLabState $LabEnvironment

        # Killed once its ledger names the slow collection's drill copy and that copy exists in the secondary: the
        # drill record was made before (PrepareDrillRecord) and the restore runs.
        $script:Ledger = Stop-DrillWhenLedger -EnvironmentPath $KillDrill.Environment.SourcePath -EnvironmentName $KillDrill.Environment.Name `
            -Store $KillDrill.Store -Scenario RegionalFailover -TimeoutSeconds 240 -Ready {
            param($seen)
            $copy = $seen.resources | Where-Object { $_.name -like "*-$Slow" }
            $copy -and (Invoke-LabRegionQdrant secondary GET "collections/$($copy.name)/exists").result.exists
        }
    }

    It 'left its drill record in the zone and its drill collection in the secondary' {
        $Ledger.resources[0].kind | Should -Be 'DnsRecord'
        $Ledger.resources[0].name | Should -Be "$DrillName A"
        $sets = (Invoke-TestRoute53 $Route53 list-resource-record-sets --hosted-zone-id $Route53.hostedZoneId).ResourceRecordSets
        @($sets | Where-Object Name -eq $DrillName).Count | Should -Be 1
    }

    It 'the next drill removes the record and the collections first, reports them, passes, and the lab is as before the killed drill' {
        $result = Invoke-DrDrill -Environment $KillDrill.Environment -Scenario RegionalFailover -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        $result.LeftoversRemoved.Name | Should -Contain "$DrillName A"
        $result.LeftoversRemoved.Name | Should -Contain "pubsec-dr-drill-$($Ledger.id)-$Slow"
        ($result.LeftoversRemoved | Where-Object Kind -eq RedisScratch).Name | Should -Be $LabEnvironment.Region('secondary').DrillRedis.Endpoint
        @($result.LeftoversRemoved | Where-Object { $_.DrillId -ne $Ledger.id }) | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because (($result.Criteria | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): $($_.Observed)" }) -join '; ')
        Assert-DrillPhasesTimed $result
        Get-ChildItem (Join-Path $KillDrill.Store "drills/$($KillDrill.Environment.Name)/running") -File -ErrorAction Ignore | Should -BeNullOrEmpty
        Assert-SameDrillLabState $Before (Get-DrillLabState $LabEnvironment)
    }
}
