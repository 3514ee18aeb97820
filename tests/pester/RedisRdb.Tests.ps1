# End to end against the lab's Redis primary: an RDB backup over the replication protocol into a folder store,
# checked by Redis's own redis-check-rdb, by the catalog and by Full integrity, then damaged.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Redis = Get-LabRedis
    $script:Password = ConvertTo-SecureString $Redis.password -AsPlainText -Force
    $script:PrimaryPort = ($Redis.primary -split ':')[-1]

    function Invoke-RedisCli([Parameter(ValueFromRemainingArguments)] [string[]] $Command) {
        redis-cli -h 127.0.0.1 -p $PrimaryPort -a $Redis.password --no-auth-warning @Command
    }

    # A few thousand keys of several types, so the RDB holds real structure (strings, hashes, lists, sets, sorted sets, TTLs).
    $seed = foreach ($i in 1..1500) {
        "SET rdb:string:$i value-$i"
        if ($i % 3 -eq 0) { "HSET rdb:hash:$($i % 50) field$i $i" }
        if ($i % 4 -eq 0) { "RPUSH rdb:list:$($i % 20) item$i" }
        if ($i % 5 -eq 0) { "SADD rdb:set:$($i % 20) member$i" }
        if ($i % 6 -eq 0) { "ZADD rdb:zset $i z$i" }
        if ($i % 7 -eq 0) { "SET rdb:ttl:$i x EX 86400" }
    }
    $seed | redis-cli -h 127.0.0.1 -p $PrimaryPort -a $Redis.password --no-auth-warning | Out-Null
    $script:KeysInServer = [long](Invoke-RedisCli DBSIZE)
}

Describe 'New-RedisBackup -Mode Rdb of the lab primary' {
    BeforeAll {
        $script:Store = New-TestStore -Kind Folder
        $script:Backup = New-RedisBackup $Redis.primary -Password $Password -Mode Rdb -Store $Store -Name 'lab-primary' -Confirm:$false
        $script:PartPath = Join-Path $Store $Backup.Parts[0].Key
    }

    It 'stores one RDB part and a Succeeded manifest with the server facts' {
        $Backup.Status | Should -Be 'Succeeded'
        $Backup.Mode | Should -Be 'Rdb'
        $Backup.Parts.Count | Should -Be 1
        $Backup.Parts[0].Key | Should -BeLike 'redis/lab-primary/*/dump.rdb'
        $Backup.KeyCount | Should -Be $KeysInServer
        $Backup.RedisVersion | Should -Match '^\d+\.\d+'
        $Backup.Role | Should -Be 'master'
        $Backup.ReplicationOffset | Should -BeGreaterThan 0
        $Backup.RdbVersion | Should -BeGreaterOrEqual 9
        $Backup.Endpoint | Should -Be $Redis.primary
        $Backup.Problems | Should -BeNullOrEmpty
        Test-Path (Join-Path $Store ($Backup.ManifestKey)) | Should -BeTrue
    }

    It 'stores a file that redis-check-rdb accepts' {
        $output = redis-check-rdb $PartPath 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        ($output -join "`n") | Should -Match 'RDB looks OK'
    }

    It 'records the SHA-256 and size of the stored file' {
        (Get-FileHash $PartPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $Backup.Parts[0].Sha256
        (Get-Item $PartPath).Length | Should -Be $Backup.Parts[0].Size
        $manifest = Get-Content (Join-Path $Store $Backup.ManifestKey) -Raw | ConvertFrom-Json
        $manifest.parts[0].sha256 | Should -Be $Backup.Parts[0].Sha256
        $manifest.kind | Should -Be 'Redis'
    }

    It 'is listed by Get-DrBackup and passes Full integrity with the RDB check' {
        $listed = Get-DrBackup -Store $Store
        $listed.Id | Should -Contain $Backup.Id
        $report = $listed | Where-Object Id -eq $Backup.Id | Test-BackupIntegrity -Level Full
        $report.Verdict | Should -Be 'Passed'
        ($report.Checks | Where-Object Name -eq 'RedisRdb').Passed | Should -BeTrue
    }

    It 'fails Full integrity with RedisRdbChecksumMismatch when one byte of the part is flipped' {
        $copy = New-TestStore -Kind Folder
        $second = New-RedisBackup $Redis.primary -Password $Password -Mode Rdb -Store $copy -Name 'damaged' -Confirm:$false
        $path = Join-Path $copy $second.Parts[0].Key
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x10
        [IO.File]::WriteAllBytes($path, $bytes)
        $report = $second | Test-BackupIntegrity -Level Full -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'RedisRdb').ErrorId | Should -Be 'RedisRdbChecksumMismatch'
        $failures.FullyQualifiedErrorId | Where-Object { $_ -like 'RedisRdbChecksumMismatch,*' } | Should -Not -BeNullOrEmpty
    }

    It 'fails Full integrity with RedisRdbKeyCountMismatch when the manifest''s keyCount is edited, counting the keys in the same pass as the CRC' {
        $copy = New-TestStore -Kind Folder
        $edited = New-RedisBackup $Redis.primary -Password $Password -Mode Rdb -Store $copy -Name 'keycount' -Confirm:$false
        $edited.KeyCount | Should -Be $KeysInServer
        $manifest = Join-Path $copy $edited.ManifestKey
        (Get-Content $manifest -Raw) -replace "`"keyCount`": $($edited.KeyCount)\b", "`"keyCount`": $($edited.KeyCount + 1)" | Set-Content $manifest -NoNewline
        $listed = Get-DrBackup -Store $copy -Id $edited.Id
        $listed.KeyCount | Should -Be ($KeysInServer + 1)
        $report = $listed | Test-BackupIntegrity -Level Full -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        $check = $report.Checks | Where-Object Name -eq 'RedisRdb'
        $check.ErrorId | Should -Be 'RedisRdbKeyCountMismatch'
        $check.Detail | Should -Match "holds $KeysInServer key\(s\).*manifest recorded $($KeysInServer + 1)"
        $failures.FullyQualifiedErrorId | Where-Object { $_ -like 'RedisRdbKeyCountMismatch,*' } | Should -Not -BeNullOrEmpty
        # The intact backup's count is the one its RDB holds.
        (($Backup | Test-BackupIntegrity -Level Full).Checks | Where-Object Name -eq 'RedisRdb').Detail | Should -Match "$KeysInServer key\(s\)"
    }

    It 'fails with RedisAuthenticationFailed on a wrong password and prints neither password' {
        $wrong = ConvertTo-SecureString 'wrong-lab-password-123' -AsPlainText -Force
        $store = New-TestStore -Kind Folder
        $output = try {
            New-RedisBackup $Redis.primary -Password $wrong -Mode Rdb -Store $store -Confirm:$false -Verbose -ErrorAction Stop 4>&1 3>&1
        }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'RedisAuthenticationFailed,*'
        $text = ($output | Out-String) + ($failure | Out-String) + $failure.ErrorDetails + $failure.Exception.Message + $failure.Exception.InnerException
        $text | Should -Not -Match 'wrong-lab-password-123'
        $text | Should -Not -Match ([regex]::Escape($Redis.password))
        @(Get-DrBackup -Store $store).Count | Should -Be 0
    }
}
