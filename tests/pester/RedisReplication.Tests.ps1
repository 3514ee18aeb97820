# Test-RedisReplication against the lab's primary and replica: healthy, then with the replica paused
# (SIGSTOP) while the primary takes writes, then resumed. The replica is always resumed in AfterAll.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Redis = Get-LabRedis
    $script:Password = ConvertTo-SecureString $Redis.password -AsPlainText -Force
    $script:PrimaryPort = ($Redis.primary -split ':')[-1]

    function Test-LabReplication { Test-RedisReplication $Redis.primary $Redis.replica -Password $Password @args }

    function Wait-LabReplication([string] $Verdict, [int] $Seconds = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        do {
            $status = Test-LabReplication -ErrorAction SilentlyContinue
            if ($status.Verdict -eq $Verdict) { return $status }
            Start-Sleep -Milliseconds 500
        } while ([DateTime]::UtcNow -lt $deadline)
        $status
    }
}

AfterAll {
    kill -CONT $Redis.replicaPid 2>$null
}

Describe 'Test-RedisReplication on the lab' {
    It 'reports a linked, caught-up replica as Healthy with a small lag and no error' {
        $status = Wait-LabReplication Healthy
        $status.Verdict | Should -Be 'Healthy'
        $status.LinkStatus | Should -Be 'up'
        $status.ReplicaAnswered | Should -BeTrue
        $status.ListedByPrimary | Should -BeTrue
        $status.LagBytes | Should -BeLessThan 1MB
        $status.LagSeconds | Should -BeLessOrEqual 2
        $status.RpoSeconds | Should -BeLessOrEqual 3
        $status.Reasons | Should -BeNullOrEmpty
        Test-RedisReplication $Redis.primary $Redis.replica -Password $Password -ErrorVariable failures | Out-Null
        $failures | Should -BeNullOrEmpty
    }

    It 'is Unhealthy with the lag from the primary''s view and RedisReplicationUnhealthy while the replica is paused' {
        kill -STOP $Redis.replicaPid
        try {
            1..200 | ForEach-Object { "SET repl:paused:$_ $([Guid]::NewGuid())" } |
                redis-cli -h 127.0.0.1 -p $PrimaryPort -a $Redis.password --no-auth-warning | Out-Null
            # The primary sees the missing ACKs (sent every second) after a few seconds.
            Start-Sleep -Seconds 4
            $status = Test-RedisReplication $Redis.primary $Redis.replica -Password $Password -ErrorVariable failures -ErrorAction SilentlyContinue
            $status.Verdict | Should -Be 'Unhealthy'
            $status.ReplicaAnswered | Should -BeFalse
            $status.LinkStatus | Should -Be 'unknown'
            $status.ListedByPrimary | Should -BeTrue
            $status.LagBytes | Should -BeGreaterThan 0
            $status.LagSeconds | Should -BeGreaterOrEqual 3
            $status.RpoSeconds | Should -BeGreaterThan ($status.LagSeconds - 1)
            ($status.Reasons -join ' ') | Should -Match 'did not answer'
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RedisReplicationUnhealthy,*'
        }
        finally {
            kill -CONT $Redis.replicaPid
        }
    }

    It 'turns Healthy again once the replica resumes' {
        $status = Wait-LabReplication Healthy -Seconds 30
        $status.Verdict | Should -Be 'Healthy'
        $status.LagBytes | Should -BeLessThan 1MB
    }

    It 'fails with RedisAuthenticationFailed on a wrong password without printing it' {
        $wrong = ConvertTo-SecureString 'not-the-lab-password' -AsPlainText -Force
        { Test-RedisReplication $Redis.primary $Redis.replica -Password $wrong -ErrorAction Stop } |
            Should -Throw -ErrorId 'RedisAuthenticationFailed,*'
    }
}
