# Invoke-DrDrill's scratch Redis (regions.<r>.drillRedis, the lab's third redis-server) against the lab: a logical
# Redis backup is restored into it and compared with the backup by key count and sampled keys (type and value), and the
# drill leaves the lab's Redis servers as it found them (the primary's and replica's keys, the drill server empty and a
# primary). A drill Redis holding keys no drill put there is refused and left alone; without a drillRedis the phase
# says what to add; a file naming a production Redis as drillRedis is refused. Each Describe drills its own store.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    . (Join-Path $PSScriptRoot 'TestDrills.ps1')
    $script:LabEnvironment = Import-LabDrEnvironment
    $script:Suffix = [Guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:EnvironmentFiles = [Collections.Generic.List[string]]::new()
    $script:LabParams = Get-LabBackupParameters
    $script:DrillRedis = $LabEnvironment.Region('primary').DrillRedis.Endpoint
    $script:Prefix = "drill-redis-$Suffix"

    function New-DrillEnvironment([string] $Store, [scriptblock] $Change) {
        # The lab's environment file with the primary region's store replaced (and $Change applied).
        $path = New-DrillEnvironmentFile -Name "drill-redis-test-$Suffix" -Region primary -Store $Store -Change $Change
        $EnvironmentFiles.Add($path)
        Import-DrEnvironment -Path $path
    }

    function Invoke-TestRedisCli([string] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
        # redis-cli against one of the lab's servers; the password through REDISCLI_AUTH, never on the command line.
        $h, $port = $Endpoint -split ':'
        $env:REDISCLI_AUTH = (Get-LabRedis).password
        try { redis-cli -h $h -p $port @Arguments } finally { Remove-Item Env:REDISCLI_AUTH }
    }

    function Get-RedisState {
        # Every key of the lab's primary and replica (all databases), and the drill server's keys and role.
        $state = [ordered]@{}
        foreach ($server in @{ Name = 'primary'; Endpoint = $LabEnvironment.Region('primary').Redis.Endpoint },
            @{ Name = 'replica'; Endpoint = $LabEnvironment.Region('secondary').Redis.Endpoint }, @{ Name = 'drill'; Endpoint = $DrillRedis }) {
            $state["$($server.Name) keyspace"] = (@(Invoke-TestRedisCli $server.Endpoint INFO keyspace) -match '^db\d+:' -replace ',avg_ttl=\d+' -replace ',expires=\d+') -join ';'
            $state["$($server.Name) keys"] = (@(Invoke-TestRedisCli $server.Endpoint --scan) | Sort-Object) -join ','
            $state["$($server.Name) role"] = @(Invoke-TestRedisCli $server.Endpoint INFO replication) -match '^role:' -join ''
        }
        $state
    }

    function Assert-SameRedisState($Before, $After) {
        foreach ($key in $Before.Keys) { $After[$key] | Should -Be $Before[$key] -Because "the drill leaves the $key as it found it" }
    }

    # Keys of every type, in both encodings where Redis has two: a hash and a set above the listpack limits serialize in
    # the server's own order, so their DUMP bodies differ between servers and the drill compares them value by value.
    $primary = $LabEnvironment.Region('primary').Redis.Endpoint
    Invoke-TestRedisCli $primary SET "${Prefix}:string" 'balance 42' | Out-Null
    Invoke-TestRedisCli $primary SET "${Prefix}:expiring" 'soon' EX 3600 | Out-Null
    Invoke-TestRedisCli $primary RPUSH "${Prefix}:list" a b c | Out-Null
    Invoke-TestRedisCli $primary SADD "${Prefix}:set" x y z | Out-Null
    Invoke-TestRedisCli $primary ZADD "${Prefix}:zset" 1 one 2 two | Out-Null
    Invoke-TestRedisCli $primary HSET "${Prefix}:hash" f1 v1 f2 v2 | Out-Null
    $bigHash = @('HSET', "${Prefix}:hash-big") + @(1..600 | ForEach-Object { "field-$_"; "value-$_" })
    Invoke-TestRedisCli $primary @bigHash | Out-Null
    $bigSet = @('SADD', "${Prefix}:set-big") + @(1..600 | ForEach-Object { "member-$_" })
    Invoke-TestRedisCli $primary @bigSet | Out-Null
    $script:SeededKeys = @(Invoke-TestRedisCli $primary --scan --pattern "${Prefix}:*")
    $SeededKeys.Count | Should -Be 8
    Invoke-TestRedisCli $primary OBJECT ENCODING "${Prefix}:hash-big" | Should -Be 'hashtable' -Because 'the value-by-value comparison needs a key whose DUMP order is the server''s own'
}

AfterAll {
    foreach ($key in $SeededKeys) { Invoke-TestRedisCli $LabEnvironment.Region('primary').Redis.Endpoint DEL $key | Out-Null }
    Remove-LabCollection "drill-redis-c-$Suffix"
    foreach ($file in $EnvironmentFiles) { Remove-Item $file -ErrorAction Ignore }
    Remove-TestStoresMade
}

Describe 'Invoke-DrDrill DatabaseRestore with a logical Redis backup and the lab''s drill Redis' {
    BeforeAll {
        $script:Store = New-TestStore -Kind Folder
        $script:Env1 = New-DrillEnvironment $Store
        New-LabCollection -Name "drill-redis-c-$Suffix" -ShardNumber 1 -ReplicationFactor 1 -PointCount 50 -Seed 41
        New-QdrantBackup @LabParams -Collection "drill-redis-c-$Suffix" -Store $Store | Out-Null
        $password = ConvertTo-SecureString (Get-LabRedis).password -AsPlainText -Force
        $script:Logical = New-RedisBackup (Get-LabRedis).primary -Password $password -Mode Logical -Pattern "${Prefix}:*" -Store $Store -Name "drill-logical-$Suffix" -Confirm:$false
        $Logical.KeyCount | Should -Be $SeededKeys.Count
    }

    It 'restores it into the drill Redis, compares the key count and sampled keys with the backup, passes and leaves every Redis as found' {
        $before = Get-RedisState
        $before['drill keys'] | Should -BeNullOrEmpty -Because 'the lab starts its drill Redis empty'
        $result = Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because ((@($result.Criteria | Where-Object { -not $_.Passed }) + @($result.Checks | Where-Object { -not $_.Passed })) -join '; ')
        $phase = $result.Phases | Where-Object Name -eq 'RestoreRedis'
        "$($phase.Status)" | Should -Be 'Succeeded'
        $phase.Details -join "`n" | Should -Match ([regex]::Escape("backup $($Logical.Id) restored into the scratch Redis $DrillRedis and compared with the backup"))
        $restore = $result.Checks | Where-Object Name -eq 'RedisRestore'
        $restore.Target | Should -Be $Logical.Id
        $restore.Observed | Should -Match "restored into the scratch Redis $([regex]::Escape($DrillRedis)) \($($SeededKeys.Count) keys"
        $count = $result.Checks | Where-Object Name -eq 'RedisKeyCount'
        $count.Passed | Should -BeTrue
        $count.Observed | Should -Be "Redis drill-logical-${Suffix}: $($SeededKeys.Count) key(s) in the scratch Redis, $($SeededKeys.Count) restored, the manifest says $($SeededKeys.Count)"
        $sampled = $result.Checks | Where-Object Name -eq 'RedisSampledKeys'
        $sampled.Passed | Should -BeTrue
        $sampled.Observed | Should -Be "Redis drill-logical-${Suffix}: $($SeededKeys.Count) sampled key(s) of $($SeededKeys.Count) equal in type and value to the backup"
        $scratch = @($result.Created | Where-Object Kind -eq RedisScratch)
        $scratch.Name | Should -Be @($DrillRedis)
        ($result.Removed | Where-Object Kind -eq RedisScratch).Name | Should -Be @($DrillRedis)
        $result.RpoBasis | Should -Not -BeNullOrEmpty
        Assert-SameRedisState $before (Get-RedisState)
        Write-Host ("DatabaseRestore with a logical Redis backup: RestoreRedis $([math]::Round($phase.Duration.TotalSeconds, 2)) s; " + "$($count.Observed); $($sampled.Observed)")
    }

    It 'refuses a drill Redis that holds keys no drill put there, and leaves them' {
        Invoke-TestRedisCli $DrillRedis SET "someone-else-$Suffix" 'their data' | Out-Null
        try {
            $before = Get-RedisState
            $result = Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue -ProgressAction SilentlyContinue
            "$($result.Verdict)" | Should -Be 'Failed'
            $phase = $result.Phases | Where-Object Name -eq 'RestoreRedis'
            "$($phase.Status)" | Should -Be 'Failed'
            $phase.ErrorId | Should -Be 'DrillScratchRedisInUse'
            $phase.Message | Should -Match "The drill Redis $([regex]::Escape($DrillRedis)) \(regions.primary.drillRedis\) holds 1 key\(s\)"
            @($result.Created | Where-Object Kind -eq RedisScratch) | Should -BeNullOrEmpty -Because 'a server the drill refused is not ledgered, so the cleanup does not flush it'
            Invoke-TestRedisCli $DrillRedis GET "someone-else-$Suffix" | Should -Be 'their data'
            Assert-SameRedisState $before (Get-RedisState)
        }
        finally { Invoke-TestRedisCli $DrillRedis DEL "someone-else-$Suffix" | Out-Null }
    }

    It 'empties the drill Redis a killed drill left following the primary (its ledger''s process gone) before it runs, and reports it' {
        # What a failover drill killed after its copy began to follow the source leaves: a replica of the lab's primary and a ledger naming it.
        $h, $port = $LabEnvironment.Region('primary').Redis.Endpoint -split ':'
        Invoke-TestRedisCli $DrillRedis REPLICAOF $h $port | Out-Null
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not ((Invoke-TestRedisCli $DrillRedis INFO replication) -match '^master_link_status:up') -or [int](Invoke-TestRedisCli $DrillRedis DBSIZE) -lt $SeededKeys.Count) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The drill Redis did not follow the primary within 30 s." }
            Start-Sleep -Milliseconds 200
        }
        $dead = Start-Process -PassThru -FilePath true
        $dead.WaitForExit()
        $now = [DateTime]::UtcNow.ToString('o')
        $ledger = [ordered]@{
            id = 'deadbeef01'; environment = $Env1.Name; scenario = 'RegionalFailover'; owner = "$([Environment]::MachineName)/$($dead.Id)/killed"
            startedAt = $now; expiresAt = [DateTime]::UtcNow.AddHours(1).ToString('o')
            resources = @([ordered]@{ kind = 'RedisScratch'; region = 'secondary'; name = $DrillRedis; drillId = 'deadbeef01'; createdAt = $now })
        }
        $running = New-Item -ItemType Directory -Force (Join-Path $Store "drills/$($Env1.Name)/running")
        $ledger | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $running 'deadbeef01.json')
        $before = Get-RedisState

        $result = Invoke-DrDrill -Environment $Env1 -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        "$($result.Verdict)" | Should -Be 'Passed' -Because ((@($result.Criteria | Where-Object { -not $_.Passed }) + @($result.Checks | Where-Object { -not $_.Passed })) -join '; ')
        $result.LeftoversRemoved.Kind | Should -Be @('RedisScratch')
        $result.LeftoversRemoved.Name | Should -Be @($DrillRedis)
        $result.LeftoversRemoved.DrillId | Should -Be @('deadbeef01')
        ($result.Phases | Where-Object Name -eq 'RemoveLeftovers').Details -join "`n" | Should -Match 'Drill deadbeef01 \(RegionalFailover, started .*\) was killed'
        Test-Path (Join-Path $running 'deadbeef01.json') | Should -BeFalse -Because 'the killed drill''s ledger is deleted once its leftovers are removed'
        $after = Get-RedisState
        $after['drill role'] | Should -Be 'role:master' -Because 'the leftover copy was promoted (REPLICAOF NO ONE) before it was flushed'
        $after['drill keys'] | Should -BeNullOrEmpty
        foreach ($key in 'primary keyspace', 'primary keys', 'replica keyspace', 'replica keys', 'replica role') { $after[$key] | Should -Be $before[$key] }
    }

    It 'without a drillRedis the phase says what to add and restores nothing' {
        $environment = New-DrillEnvironment $Store { param($json) foreach ($region in $json.regions.Values) { $region.Remove('drillRedis') } }
        $before = Get-RedisState
        $result = Invoke-DrDrill -Environment $environment -Scenario DatabaseRestore -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        ($result.Phases | Where-Object Name -eq 'RestoreRedis').Details -join "`n" | Should -Match ([regex]::Escape("backup $($Logical.Id) is logical; restoring it needs a scratch Redis server: add regions.primary.drillRedis"))
        @($result.Checks | Where-Object Name -like 'Redis*') | Should -BeNullOrEmpty
        @($result.Created | Where-Object Kind -eq RedisScratch) | Should -BeNullOrEmpty
        Assert-SameRedisState $before (Get-RedisState)
    }
}

Describe 'Import-DrEnvironment refuses a drillRedis that is a production Redis' {
    It 'names the drillRedis field and the region whose Redis it is' {
        # Beside the lab's file, so its relative paths hold; only the drillRedis makes it invalid.
        $path = Join-Path (Split-Path (Get-LabEnvironmentPath)) "drill-redis-test-$Suffix-production.json"
        $EnvironmentFiles.Add($path)
        $json = Get-Content (Get-LabEnvironmentPath) -Raw | ConvertFrom-Json -AsHashtable
        $json.regions.primary.drillRedis = [ordered]@{ endpoint = $json.regions.secondary.redis.endpoint -replace '^127\.0\.0\.1', 'localhost' }
        $json | ConvertTo-Json -Depth 10 | Set-Content $path
        { Import-DrEnvironment -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'EnvironmentInvalid,*' -ExpectedMessage "*regions.primary.drillRedis.endpoint: 'localhost:*' is the same server as regions.secondary.redis.endpoint*"
    }
}
