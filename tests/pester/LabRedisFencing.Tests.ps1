# The Redis facts a failover's fencing and promotion rely on (issue 12), checked against the lab's real redis-server
# (primary with one replica, requirepass): min-replicas-to-write above the number of replicas makes the primary refuse
# writes with NOREPLICAS while reads still work; REPLICAOF NO ONE makes the replica a writable primary. Every setting is
# put back in finally (min-replicas-to-write to its old value, the replica re-linked to the primary).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Redis = Get-LabRedis

    function script:Invoke-RedisReply([string] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Command) {
        # The reply as redis-cli prints it without a terminal (error replies as 'NOREPLICAS …'); the password via REDISCLI_AUTH.
        $hostName, $port = $Endpoint -split ':'
        $env:REDISCLI_AUTH = $Redis.password
        # redis-cli ends an error reply with an empty line; TrimEnd drops it.
        try { ((& redis-cli -h $hostName -p $port @Command 2>&1 | ForEach-Object { "$_" }) -join "`n").TrimEnd() } finally { Remove-Item Env:REDISCLI_AUTH }
    }

    function script:Wait-ReplicaLinked {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Invoke-RedisReply $Redis.replica INFO replication) -notmatch 'master_link_status:up') {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The lab's Redis replica did not re-link to its primary within 60 s." }
            Start-Sleep -Milliseconds 200
        }
    }

    $script:Key = "fencing-test:$([Guid]::NewGuid().ToString('N'))"
    Wait-ReplicaLinked
}

Describe 'Redis fencing in the lab' {
    It 'with min-replicas-to-write 2 and one replica, the primary refuses writes with NOREPLICAS and still serves reads' {
        $old = (Invoke-RedisReply $Redis.primary CONFIG GET min-replicas-to-write) -split "`n" | Select-Object -Last 1
        Invoke-RedisReply $Redis.primary INFO replication | Should -Match 'connected_slaves:1'
        try {
            Invoke-RedisReply $Redis.primary SET $Key before | Should -Be 'OK'

            Invoke-RedisReply $Redis.primary CONFIG SET min-replicas-to-write 2 | Should -Be 'OK'

            Invoke-RedisReply $Redis.primary SET $Key during | Should -Be 'NOREPLICAS Not enough good replicas to write.'
            Invoke-RedisReply $Redis.primary INCRBY "$Key`:n" 1 | Should -Be 'NOREPLICAS Not enough good replicas to write.'
            Invoke-RedisReply $Redis.primary GET $Key | Should -Be 'before'
        }
        finally {
            Invoke-RedisReply $Redis.primary CONFIG SET min-replicas-to-write $old | Out-Null
            Invoke-RedisReply $Redis.primary DEL $Key "$Key`:n" | Out-Null
        }

        ((Invoke-RedisReply $Redis.primary CONFIG GET min-replicas-to-write) -split "`n")[-1] | Should -Be $old
    }

    It 'REPLICAOF NO ONE makes the read-only replica a writable primary' {
        $primaryHost, $primaryPort = $Redis.primary -split ':'
        try {
            Invoke-RedisReply $Redis.replica SET $Key replica | Should -Be "READONLY You can't write against a read only replica."

            Invoke-RedisReply $Redis.replica REPLICAOF NO ONE | Should -Be 'OK'

            Invoke-RedisReply $Redis.replica INFO replication | Should -Match 'role:master'
            Invoke-RedisReply $Redis.replica SET $Key promoted | Should -Be 'OK'
            Invoke-RedisReply $Redis.replica GET $Key | Should -Be 'promoted'
        }
        finally {
            Invoke-RedisReply $Redis.replica DEL $Key | Out-Null
            Invoke-RedisReply $Redis.replica REPLICAOF $primaryHost $primaryPort | Out-Null
            Wait-ReplicaLinked
        }

        Invoke-RedisReply $Redis.replica INFO replication | Should -Match 'role:slave'
    }
}
