# Invoke-RegionalFailover in the two-region lab (issue 12, Done when 1 and 3). Needs the lab support of the
# failover-lab branch (contract): POST /lab/region/down|up, Set-LabRegionDown/Set-LabRegionUp (which also
# SIGSTOP/SIGCONT the primary region's Redis), and the Deployment scale subresource. Everything the tests change is
# put back in AfterAll: the primary region up, the secondary Redis a replica again, DNS on the primary.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    . (Join-Path $PSScriptRoot 'TestDns.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:secondary = $envr.Region('secondary')
    $script:storePath = $secondary.Store.Location
    $script:journal = Join-Path $TestDrive 'failover.json'
    $script:redisLab = (Get-LabConfig).redis
    $script:publicName = ([Uri]$envr.Service.PublicUrl).Host
    $script:caching = (Get-LabConfig).dns.caching

    function Invoke-RegionRedis([string] $Endpoint, [string[]] $Arguments) {
        $h, $port = $Endpoint -split ':'
        $env:REDISCLI_AUTH = $redisLab.password
        try { redis-cli -h $h -p $port @Arguments } finally { Remove-Item Env:REDISCLI_AUTH }
    }

    # A restorable backup of each collection in the secondary's store, so the target is Ready and QdrantData has a
    # backup to compare with; removed in AfterAll.
    $collections = @((Invoke-LabRegionQdrant primary GET 'collections').result.collections | ForEach-Object name)
    $script:backups = @(if ($collections) {
            New-QdrantBackup -QdrantUri $envr.Region('primary').Qdrant.Rest -GrpcUri $envr.Region('primary').Qdrant.Grpc -ApiKey (Get-LabApiKey) `
                -Collection $collections -Store $storePath -Confirm:$false
        })

    # Tenant balances written to the primary Redis just before the outage; WAIT makes sure the replica has them.
    $script:balances = 1..50 | ForEach-Object { "failover-test:balance:tenant-$_" }
    foreach ($key in $balances) { Invoke-RegionRedis $redisLab.primary @('SET', $key, '100') | Out-Null }
    Invoke-RegionRedis $redisLab.primary @('WAIT', '1', '2000') | Out-Null
}

AfterAll {
    Set-LabRegionUp -Region primary
    $h, $port = $redisLab.primary -split ':'
    Invoke-RegionRedis $redisLab.primary @('CONFIG', 'SET', 'min-replicas-to-write', '0') | Out-Null
    Invoke-RegionRedis $redisLab.replica @('REPLICAOF', $h, $port) | Out-Null
    foreach ($key in $balances) { Invoke-RegionRedis $redisLab.primary @('DEL', $key) | Out-Null }
    Set-DrDnsRecord $envr -Region primary -Force -ErrorAction Continue | Out-Null
    Test-DrDnsPropagation $envr -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Continue | Out-Null
    foreach ($backup in $backups) { Remove-Item (Join-Path $storePath "qdrant/$($backup.Collection)/$($backup.Id)") -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Invoke-RegionalFailover refusals (nothing changes)' {
    It 'refuses a healthy source without -Force' {
        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -JournalPath $journal -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'FailoverSourceHealthy,*'
        $result.Verdict | Should -Be 'Failed'
        Test-Path $journal | Should -BeFalse
    }
}

Describe 'Invoke-RegionalFailover from the primary to the secondary (primary region down)' {
    BeforeAll {
        Set-LabRegionDown -Region primary
        $script:outage = [DateTime]::UtcNow
    }

    It 'with the secondary NotReady stops before fencing, naming the failed check' {
        Invoke-LabRegionAdmin secondary POST 'lab/app/stop' | Out-Null
        try {
            $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -JournalPath $journal -Confirm:$false -ErrorVariable notReady -ErrorAction SilentlyContinue
        }
        finally { Invoke-LabRegionAdmin secondary POST 'lab/app/start' | Out-Null }
        $notReady[0].FullyQualifiedErrorId | Should -BeLike 'RegionNotReady,*'
        $notReady[0].Exception.Message | Should -Match 'Application'
        $result.Step('FenceSource').Status | Should -Be 'NotStarted'
        (Get-DrDnsRecord $envr).Region | Should -Be 'primary'
    }

    It '-WhatIf prints the plan and changes no DNS record, no Redis role and no journal' {
        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -JournalPath $journal -WhatIf
        $result.Verdict | Should -Be 'Planned'
        (Get-DrDnsRecord $envr).Region | Should -Be 'primary'
        (Invoke-RegionRedis $redisLab.replica @('ROLE'))[0] | Should -Be 'slave'
        Test-Path $journal | Should -BeFalse
    }

    It 'fails over: a verdict, DNS on the secondary through the caching resolver, the service answered by it, its Redis a primary with the balances, every step timed' {
        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -OutageStartedAt $outage -JournalPath $journal -Confirm:$false -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        $result.PSObject.TypeNames | Should -Contain 'PubSec.Dr.FailoverResult'
        "$($result.Verdict)" | Should -BeIn @('WithinObjectives', 'WithinMaximum', 'ObjectivesMissed')
        $result.Steps | ForEach-Object { $_.Status | Should -BeIn @('Succeeded', 'Skipped'); $_.Duration | Should -Not -BeNullOrEmpty }
        $result.Step('FenceSource').Status | Should -Be 'Skipped'
        $result.OperatorActions | Should -Not -BeNullOrEmpty
        $result.RtoFromOutage | Should -BeGreaterThan $result.Rto

        Get-TestDnsAddress $caching $publicName | Should -Be @($envr.Dns.Records[0].Values['secondary'])
        $service = Test-DrService -Environment $envr -Region secondary -ErrorVariable serviceFailures
        $serviceFailures | Should -BeNullOrEmpty
        $service | ForEach-Object { $_.Passed | Should -BeTrue }

        (Invoke-RegionRedis $redisLab.replica @('ROLE'))[0] | Should -Be 'master'
        $lag = ($result.DataLoss | Where-Object Store -eq 'Redis').Window
        $lag | Should -Not -BeNullOrEmpty
        # Written and acknowledged by the replica before the outage: none is within the lag window.
        foreach ($key in $balances) { Invoke-RegionRedis $redisLab.replica @('GET', $key) | Should -Be '100' }
        Write-Host ("Failover RTO per step: " + (($result.Steps | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }
}
