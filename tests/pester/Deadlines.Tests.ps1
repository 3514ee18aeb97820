# Issue 9, item 9: a server that accepts connections and never answers must not hang a cmdlet. Each case points
# a cmdlet at a "black hole" (a listening socket nobody accepts from: the kernel completes the handshake and
# then nothing is ever sent back) with a short deadline, and expects the id'd timeout error well within it.
# $Bound only stops a hang from blocking the suite. Where a case names its timeout, the time it took is also held
# to that timeout: at least the timeout (it was waited for) and well under the cmdlet's default, so the case fails
# if the parameter were ignored.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Hole = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $Hole.Start(100)
    $script:HoleUri = "http://127.0.0.1:$($Hole.LocalEndpoint.Port)"
    $script:Bound = [TimeSpan]::FromSeconds(90)

    function script:Invoke-Bounded([scriptblock] $Command) {
        # Runs the command in a job so that a hang fails the test after $Bound instead of blocking the suite.
        $job = Start-ThreadJob -ScriptBlock {
            param($Manifest, $Command)
            Import-Module $Manifest
            $ErrorActionPreference = 'Stop'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            try { & ([scriptblock]::Create($Command)) | Out-Null; [pscustomobject]@{ Id = '(no error)'; Category = ''; Seconds = $clock.Elapsed.TotalSeconds } }
            catch {
                [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = "$_"
                    Action = $_.ErrorDetails.RecommendedAction; Seconds = $clock.Elapsed.TotalSeconds }
            }
        } -ArgumentList $ModuleManifest, $Command.ToString()
        $finished = Wait-Job $job -Timeout $Bound.TotalSeconds
        try {
            $finished | Should -Not -BeNullOrEmpty -Because "the command must end within $($Bound.TotalSeconds) s, not hang"
            Receive-Job $job
        } finally { Remove-Job $job -Force }
    }
}

AfterAll {
    $Hole.Stop()
}

Describe 'Every network call has a deadline' {
    It 'New-QdrantBackup with a silent -GrpcUri fails with QdrantTimeout' {
        New-LabCollection -Name 'dl-grpc' -PointCount 10 -Seed 5
        try {
            $lab = Get-LabConfig
            $uris = ($lab.qdrant.nodes.rest | ForEach-Object { "'$_'" }) -join ','
            $store = New-TestStore
            $result = Invoke-Bounded ([scriptblock]::Create(
                "New-QdrantBackup -QdrantUri $uris -GrpcUri '$HoleUri' -ApiKey (ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force) " +
                "-Collection dl-grpc -Store '$store' -RequestTimeout 3 -Confirm:`$false"))
            $result.Id | Should -BeLike 'QdrantTimeout,*'
            $result.Category | Should -Be 'OperationTimeout'
            $result.Seconds | Should -BeGreaterOrEqual 2.9 -Because 'the 3 s -RequestTimeout was waited for'
            $result.Seconds | Should -BeLessThan 15 -Because 'the 3 s -RequestTimeout ended the call (plus the REST calls before it), not the 100 s default'
        } finally { Invoke-LabQdrant DELETE 'collections/dl-grpc' | Out-Null }
    }

    It 'Get-DrBackup on an s3:// store whose endpoint never answers fails with StoreTimeout' {
        $result = Invoke-Bounded ([scriptblock]::Create(
            "`$store = New-DrBackupStore 's3://pubsec-dr-blackhole/x' -Endpoint '$HoleUri' -Region us-east-1 -RequestTimeout 3 " +
            "-Credential ([pscredential]::new('lab', (ConvertTo-SecureString 'not-a-secret' -AsPlainText -Force))); Get-DrBackup -Store `$store"))
        $result.Id | Should -BeLike 'StoreTimeout,*'
        $result.Category | Should -Be 'OperationTimeout'
    }

    It 'Get-DrBackup on an az:// store whose endpoint never answers fails with StoreTimeout' {
        $azure = Get-LabAzure
        $connection = $azure.connectionString -replace 'BlobEndpoint=[^;]+', "BlobEndpoint=$HoleUri/devstoreaccount1"
        $result = Invoke-Bounded ([scriptblock]::Create(
            "`$store = New-DrBackupStore 'az://blackhole/x' -RequestTimeout 3 -ConnectionString (ConvertTo-SecureString '$connection' -AsPlainText -Force); " +
            "Get-DrBackup -Store `$store"))
        $result.Id | Should -BeLike 'StoreTimeout,*'
    }

    It 'New-RedisBackup against a silent port fails with RedisTimeout (<Mode>)' -ForEach @(@{ Mode = 'Rdb' }, @{ Mode = 'Logical' }) {
        $store = New-TestStore
        $result = Invoke-Bounded ([scriptblock]::Create(
            "New-RedisBackup -Endpoint '$($HoleUri -replace 'http://')' -Mode $Mode -Store '$store' -ConnectTimeout 3 -Confirm:`$false"))
        $result.Id | Should -BeLike 'RedisTimeout,*'
        $result.Category | Should -Be 'OperationTimeout'
        $result.Seconds | Should -BeGreaterOrEqual 2.9 -Because 'the 3 s -ConnectTimeout was waited for'
        $result.Seconds | Should -BeLessThan 8 -Because 'the 3 s -ConnectTimeout ended it, not the 10 s default'
    }

    It 'rediss:// against the lab''s plain Redis fails fast with RedisTlsHandshakeFailed (<Mode>)' -ForEach @(@{ Mode = 'Rdb' }, @{ Mode = 'Logical' }) {
        $redis = Get-LabRedis
        $store = New-TestStore
        $result = Invoke-Bounded ([scriptblock]::Create(
            "New-RedisBackup -Endpoint 'rediss://$($redis.primary)' -Password (ConvertTo-SecureString '$($redis.password)' -AsPlainText -Force) " +
            "-Mode $Mode -Store '$store' -ConnectTimeout 3 -Confirm:`$false"))
        $result.Id | Should -BeLike 'RedisTlsHandshakeFailed,*'
        $result.Action | Should -Match 'redis://'
        Get-DrBackup -Store $store -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Test-RedisReplication with a silent primary fails with RedisTimeout' {
        $redis = Get-LabRedis
        $result = Invoke-Bounded ([scriptblock]::Create(
            "Test-RedisReplication -Primary '$($HoleUri -replace 'http://')' -Replica '$($redis.replica)' -ConnectTimeout 2 -RequestTimeout 2 " +
            "-Password (ConvertTo-SecureString '$($redis.password)' -AsPlainText -Force)"))
        $result.Id | Should -BeLike 'RedisTimeout,*'
    }
}
