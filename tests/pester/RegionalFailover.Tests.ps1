# Invoke-RegionalFailover in the two-region lab (issue 12): refusals, the failover with the primary region down
# (Set-LabRegionDown: app, Kubernetes API and Qdrant closed, Redis frozen), the failback once it returns, and a
# failover that rebuilds the secondary's deleted namespace from a configuration backup. The Describes run in file
# order and each starts from where the one before left the lab. Everything is put back in AfterAll: the primary
# region up, the secondary Redis a replica again, DNS on the primary, the secondary's namespace, scratch data gone.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    . (Join-Path $PSScriptRoot 'TestDns.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:secondary = $envr.Region('secondary')
    $script:storePath = $secondary.Store.Location
    # Not in TestDrive: Pester empties that at the end of each Describe, and the failback finds the failover's journal here.
    $script:journalDir = Join-Path ([IO.Path]::GetTempPath()) "pubsecdr-failover-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:journal = Join-Path $journalDir 'failover.json'
    $script:redisLab = (Get-LabConfig).redis
    $script:publicName = ([Uri]$envr.Service.PublicUrl).Host
    $script:caching = (Get-LabConfig).dns.caching
    $script:outageBalance = 'failover-test:balance:written-during-outage'
    $script:scratch = "failover-test-$([Guid]::NewGuid().ToString('N').Substring(0, 6))"
    $script:kube = (Get-LabRegion secondary).kubernetes

    function Invoke-SecondaryKubectl {
        $output = & kubectl --kubeconfig $kube.kubeconfig --context $kube.context --request-timeout 30s @args 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | ForEach-Object { "$_" }) -join "`n" }
    }

    function Get-SecondaryWorkloads {
        $listed = Invoke-SecondaryKubectl -n $envr.Region('secondary').Kubernetes.Namespace get 'deployments,statefulsets' -o 'jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\n"}{end}'
        @($listed.Text -split "`n" | Where-Object { $_ } | Sort-Object)
    }

    function Wait-ApplicationReady([string] $Region) {
        $url = $envr.Region($Region).Application.BaseUrl.ToString().TrimEnd('/') + '/ready'
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            try { Invoke-WebRequest $url -TimeoutSec 2 | Out-Null; return } catch { Start-Sleep -Milliseconds 250 }
        }
        throw "The $Region application did not become ready at $url."
    }

    function Remove-ScratchCollection {
        foreach ($region in 'primary', 'secondary') {
            if ((Invoke-LabRegionQdrant $region GET "collections/$scratch/exists").result.exists) { Invoke-LabRegionQdrant $region DELETE "collections/$scratch" | Out-Null }
            Remove-Item (Join-Path $envr.Region($region).Store.Location "qdrant/$scratch") -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    $script:secondaryWorkloads = Get-SecondaryWorkloads

    function Invoke-RegionRedis([string] $Endpoint, [string[]] $Arguments) {
        $h, $port = $Endpoint -split ':'
        $env:REDISCLI_AUTH = $redisLab.password
        try { redis-cli -h $h -p $port @Arguments } finally { Remove-Item Env:REDISCLI_AUTH }
    }

    # A collection whose stale copy in the secondary has another shard layout (1 shard, the primary's 3): Qdrant cannot
    # recover the backup onto it, so the failover must drop it and restore it afresh.
    $script:layout = "failover-layout-$([Guid]::NewGuid().ToString('N').Substring(0, 6))"
    Invoke-LabRegionQdrant primary PUT "collections/$layout" @{ vectors = @{ size = 4; distance = 'Cosine' }; shard_number = 3 } | Out-Null
    Invoke-LabRegionQdrant primary PUT "collections/$layout/points?wait=true" @{ points = @(1..90 | ForEach-Object { @{ id = $_; vector = @(1, ($_ % 3), ($_ % 5), 2) } }) } | Out-Null
    Invoke-LabRegionQdrant secondary PUT "collections/$layout" @{ vectors = @{ size = 4; distance = 'Cosine' }; shard_number = 1 } | Out-Null
    Invoke-LabRegionQdrant secondary PUT "collections/$layout/points?wait=true" @{ points = @(1..10 | ForEach-Object { @{ id = $_; vector = @(1, 1, 1, 1) } }) } | Out-Null

    # A restorable backup of each collection in the secondary's store, so the target is Ready and QdrantData has a
    # backup to compare with; removed in AfterAll.
    # Only what the secondary holds (what its readiness judges), not every collection other tests may have left on the primary.
    $held = @((Invoke-LabRegionQdrant secondary GET 'collections').result.collections | ForEach-Object name)
    $collections = @((Invoke-LabRegionQdrant primary GET 'collections').result.collections | ForEach-Object name | Where-Object { $_ -in $held })
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
    try { Reset-LabFailover -Environment $envr -Collection $scratch, $layout -Backup $backups -Store $storePath }
    finally {
        foreach ($key in @($balances) + $outageBalance) { Invoke-RegionRedis $redisLab.primary @('DEL', $key) | Out-Null }
        Remove-ScratchCollection
        Remove-Item $journalDir -Recurse -Force -ErrorAction SilentlyContinue
        # The namespace the rebuild test rebuilt, as the secondary had it before (when the rebuild did not), then its configuration backup.
        if ($script:config) {
            if (Compare-Object $secondaryWorkloads (Get-SecondaryWorkloads)) {
                Restore-DrKubernetesConfig -Backup $config -Environment $envr -Region secondary -DecryptionCertificate $owner -Confirm:$false -ErrorAction Continue | Out-Null
            }
            Get-ChildItem $storePath -Recurse -Directory -Filter $config.Id | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
            $configFolder = Join-Path $storePath 'kubernetes-config'
            if ((Test-Path $configFolder) -and -not (Get-ChildItem $configFolder -File -Recurse -Force)) { Remove-Item $configFolder -Recurse -Force }
        }
    }
}

Describe 'Invoke-RegionalFailover refusals (nothing changes)' {
    It 'refuses a healthy source without -Force' {
        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -JournalPath $journal -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'FailoverSourceHealthy,*'
        $result.Verdict | Should -Be 'Failed'
        Test-Path $journal | Should -BeFalse
    }

    It '-WhatIf of a planned switchover (-Force) describes fencing, syncing and reprotecting, and changes no Deployment, Redis role, collection or DNS record' {
        $primaryKube = (Get-LabRegion primary).kubernetes
        function Get-PrimaryReplicas {
            (& kubectl --kubeconfig $primaryKube.kubeconfig --context $primaryKube.context -n $envr.Region('primary').Kubernetes.Namespace get deployments -o 'jsonpath={range .items[*]}{.metadata.name}={.spec.replicas} {end}') -join ''
        }
        function Get-Collections([string] $Region) { @((Invoke-LabRegionQdrant $Region GET 'collections').result.collections.name | Sort-Object) -join ',' }
        $before = @{ replicas = Get-PrimaryReplicas; primary = Get-Collections primary; secondary = Get-Collections secondary
            roles = (Invoke-RegionRedis $redisLab.primary @('ROLE'))[0] + '/' + (Invoke-RegionRedis $redisLab.replica @('ROLE'))[0] }

        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -Force -JournalPath $journal -WhatIf

        "$($result.Kind)" | Should -Be 'Switchover'
        "$($result.Verdict)" | Should -Be 'Planned'
        ($result.Step('FenceSource').Details -join ' ') | Should -Match 'Would scale Deployment'
        ($result.Step('SyncRedis').Details -join ' ') | Should -Match 'already replicates|Would make'
        ($result.Step('Reprotect').Details -join ' ') | Should -Match 'Would make Redis'
        Get-PrimaryReplicas | Should -Be $before.replicas
        Get-Collections primary | Should -Be $before.primary
        Get-Collections secondary | Should -Be $before.secondary
        (Invoke-RegionRedis $redisLab.primary @('ROLE'))[0] + '/' + (Invoke-RegionRedis $redisLab.replica @('ROLE'))[0] | Should -Be $before.roles
        Invoke-RegionRedis $redisLab.primary @('CONFIG', 'GET', 'min-replicas-to-write') | Select-Object -Last 1 | Should -Be '0'
        (Get-DrDnsRecord $envr).Region | Should -Be 'primary'
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
        ($result.Step('QdrantData').Details -join ' ') | Should -Match "'$layout' in the target cannot take backup .* dropped and restored afresh"
        $restored = (Invoke-LabRegionQdrant secondary GET "collections/$layout").result
        $restored.config.params.shard_number | Should -Be 3
        $restored.points_count | Should -Be 90
        $lag = ($result.DataLoss | Where-Object Store -eq 'Redis').Window
        $lag | Should -Not -BeNullOrEmpty
        # Written and acknowledged by the replica before the outage: none is within the lag window.
        foreach ($key in $balances) { Invoke-RegionRedis $redisLab.replica @('GET', $key) | Should -Be '100' }
        Write-Host ("Failover RTO per step: " + (($result.Steps | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }
}

Describe 'Invoke-RegionalFailover back from the secondary to the primary (failback)' {
    BeforeAll {
        # During the outage, on the secondary (the active region now): a balance, and a collection of new documents.
        Invoke-RegionRedis $redisLab.replica @('SET', $outageBalance, '250') | Out-Null
        Invoke-LabRegionQdrant secondary PUT "collections/$scratch" @{ vectors = @{ size = 4; distance = 'Cosine' } } | Out-Null
        $points = 1..50 | ForEach-Object { @{ id = $_; vector = @(1, ($_ % 5), ($_ % 7), 1); payload = @{ title = "written during the outage $_" } } }
        Invoke-LabRegionQdrant secondary PUT "collections/$scratch/points?wait=true" @{ points = @($points) } | Out-Null
        Set-LabRegionUp -Region primary
        Wait-ApplicationReady primary
    }

    # The next Describe judges the secondary's readiness, which wants a backup of every collection it holds.
    AfterAll { Remove-ScratchCollection }

    It 'syncs the returning primary before DNS moves, proves no balance was lost, and leaves the secondary the standby' {
        # The same journal file holds the completed failover: that makes this run a failback, no -Force needed.
        $result = Invoke-RegionalFailover -Environment $envr -From secondary -To primary -JournalPath $journal -Confirm:$false -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        "$($result.Kind)" | Should -Be 'Failback'
        "$($result.Verdict)" | Should -Be 'WithinObjectives'
        $result.RedisDifferences | Should -Be 0
        $result.Steps | ForEach-Object { $_.Status | Should -BeIn @('Succeeded', 'Skipped'); $_.Duration | Should -Not -BeNullOrEmpty }
        $result.Step('RedisData').CompletedAt | Should -BeLessThan $result.Step('DnsSwitch').StartedAt
        $result.Step('SyncQdrant').CompletedAt | Should -BeLessThan $result.Step('DnsSwitch').StartedAt
        $result.Step('SyncQdrant').State.backups | Should -Not -BeNullOrEmpty

        Get-TestDnsAddress $caching $publicName | Should -Be @($envr.Dns.Records[0].Values['primary'])
        (Invoke-RegionRedis $redisLab.primary @('ROLE'))[0] | Should -Be 'master'
        Invoke-RegionRedis $redisLab.primary @('GET', $outageBalance) | Should -Be '250'
        foreach ($key in $balances) { Invoke-RegionRedis $redisLab.primary @('GET', $key) | Should -Be '100' }
        (Invoke-RegionRedis $redisLab.replica @('ROLE'))[0] | Should -Be 'slave'
        (Invoke-LabRegionQdrant primary POST "collections/$scratch/points/count" @{ exact = $true }).result.count | Should -Be 50
        $service = Test-DrService -Environment $envr -Region primary -ErrorVariable serviceFailures
        $serviceFailures | Should -BeNullOrEmpty
        $service | ForEach-Object { $_.Passed | Should -BeTrue }
        Write-Host ("Failback per step: " + (($result.Steps | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }
}

Describe 'Invoke-RegionalFailover -RebuildFrom into a deleted secondary namespace' {
    BeforeAll {
        $script:owner = New-TestCertificate 'pubsecdr-failover-rebuild' KeyEncipherment
        $script:config = Backup-DrKubernetesConfig -Environment $envr -Region secondary -EncryptionCertificate (Get-PublicOnly $owner) -Confirm:$false
        $deleted = Invoke-SecondaryKubectl delete namespace $envr.Region('secondary').Kubernetes.Namespace --wait=true
        if ($deleted.ExitCode -ne 0) { throw "kubectl delete namespace failed: $($deleted.Text)" }
        Set-LabRegionDown -Region primary
    }

    It 'applies the configuration backup, waits for the workloads and completes the failover' {
        Get-SecondaryWorkloads | Should -BeNullOrEmpty
        $result = $config | Invoke-RegionalFailover -Environment $envr -From primary -To secondary -DecryptionCertificate $owner `
            -JournalPath (Join-Path $TestDrive 'rebuild.json') -Confirm:$false -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        "$($result.Kind)" | Should -Be 'Failover'
        $result.Step('TargetWorkloads').State.configBackup | Should -Be $config.Id
        $result.Step('TargetWorkloads').StartedAt | Should -BeLessThan $result.Step('TargetReadiness').StartedAt
        $result.Steps | ForEach-Object { $_.Status | Should -BeIn @('Succeeded', 'Skipped') }
        Get-SecondaryWorkloads | Should -Be $secondaryWorkloads
        Get-TestDnsAddress $caching $publicName | Should -Be @($envr.Dns.Records[0].Values['secondary'])
        $service = Test-DrService -Environment $envr -Region secondary -ErrorVariable serviceFailures
        $serviceFailures | Should -BeNullOrEmpty
        Write-Host ("Rebuild failover per step: " + (($result.Steps | ForEach-Object { "$($_.Name) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }
}
