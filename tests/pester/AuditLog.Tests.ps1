# The audit log end to end in one store kind: ten processes appending at once lose nothing, a record edited or deleted
# in the store is named by Test-DrAuditLog, and no lab secret reaches the stored records or the output.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function Get-AuditKey($Store) { @(Get-TestStoreKey $Store 'audit/records/' | Sort-Object) }

    function New-AppenderScript([string] $Path) {
        # A child process opens the store as New-TestStore does (lab credentials read from lab.json in the child, so
        # none is on a command line), waits for the start signal so all ten race, then appends its records.
        Set-Content $Path @'
param([string] $Kind, [string] $Location, [int] $Writer, [int] $Count, [string] $Go)
$ErrorActionPreference = 'Stop'
Import-Module ./out/PubSecDr/PubSecDr.psd1
Import-Module ./tests/lab/PubSecLab.psm1
$store = switch ($Kind) {
    'S3' {
        $s3 = (Get-LabConfig).s3
        New-DrBackupStore $Location -Endpoint $s3.endpoint -Region $s3.region -Credential ([pscredential]::new($s3.accessKeyId, (ConvertTo-SecureString $s3.secretAccessKey -AsPlainText -Force)))
    }
    'Azure' { New-DrBackupStore $Location -ConnectionString (ConvertTo-SecureString (Get-LabConfig).azure.connectionString -AsPlainText -Force) }
    default { $Location }
}
$env:PUBSECDR_AUDIT_IDENTITY = "pester-writer-$Writer"
Set-Content "$Go-ready-$Writer" 'ready'
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 20 }
for ($i = 1; $i -le $Count; $i++) {
    Add-DrAuditRecord -Store $store -Command 'Invoke-PesterAppend' -Target "writer-$Writer" -Outcome Succeeded -Parameters @{ Index = $i } | Out-Null
}
'@
    }
}

Describe "Audit log with ten parallel appenders [$StoreKind]" {
    BeforeAll {
        $script:Store = New-TestStore
        $script:Location = (ConvertTo-TestStoreObject $Store).Location
        $work = Join-Path $RepoRoot "out/test-audit/$([Guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Force $work | Out-Null
        $script_ = Join-Path $work 'append.ps1'
        New-AppenderScript $script_
        $go = Join-Path $work 'go'
        $children = foreach ($writer in 1..10) {
            $info = New-FreshPwshStartInfo -File $script_
            foreach ($argument in '-Kind', $StoreKind, '-Location', $(if ($StoreKind -eq 'Folder') { $Store } else { $Location }), '-Writer', $writer, '-Count', 100, '-Go', $go) {
                $info.ArgumentList.Add([string]$argument)
            }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $process = [Diagnostics.Process]::Start($info)
            [pscustomobject]@{ Writer = $writer; Process = $process; Out = $process.StandardOutput.ReadToEndAsync(); Err = $process.StandardError.ReadToEndAsync() }
        }
        # The clock starts when every child has imported the module (10 pwsh starts on 2 cores take a while).
        $starting = [Diagnostics.Stopwatch]::StartNew()
        while (@(Get-ChildItem $work -Filter 'go-ready-*').Count -lt 10) {
            if ($starting.Elapsed.TotalSeconds -gt 120 -or @($children | Where-Object { $_.Process.HasExited }).Count) { break }
            Start-Sleep -Milliseconds 50
        }
        $script:StartSeconds = $starting.Elapsed.TotalSeconds
        $started = [Diagnostics.Stopwatch]::StartNew()
        Set-Content $go 'go'
        foreach ($child in $children) {
            if (-not $child.Process.WaitForExit(240000)) { $child.Process.Kill(); throw "Appender $($child.Writer) did not finish within 4 minutes." }
        }
        $script:AppendSeconds = $started.Elapsed.TotalSeconds
        $script:Failures = @($children | Where-Object { $_.Process.ExitCode -ne 0 } | ForEach-Object { "writer $($_.Writer) exit $($_.Process.ExitCode): $($_.Out.Result) $($_.Err.Result)" })
        Remove-Item $work -Recurse -Force
    }
    AfterAll { Remove-TestStoresMade }

    It 'every appender process finishes without an error' {
        $Failures | Should -BeNullOrEmpty
        Write-Host "  10 appender processes started in $([Math]::Round($StartSeconds, 1)) s; 10 x 100 appends in $([Math]::Round($AppendSeconds, 1)) s"
    }

    It 'Test-DrAuditLog passes with 1,000 records numbered 1..1000' {
        $result = Test-DrAuditLog -Store $Store
        $result.Verdict | Should -Be 'Passed'
        $result.RecordCount | Should -Be 1000
        $result.FirstSequence | Should -Be 1
        $result.LastSequence | Should -Be 1000
        $keys = Get-AuditKey $Store
        $keys.Count | Should -Be 1000
        $keys[0] | Should -Be 'audit/records/000000000001.json'
        $keys[-1] | Should -Be 'audit/records/000000001000.json'
    }

    It 'holds all 100 records of every appender, with its identity, in its own order' {
        # One read of the whole log (1,000 GETs on an object store), grouped here; the filters get their own check.
        $all = @(Get-DrAuditLog -Store $Store)
        $all.Sequence | Should -Be (1..1000)
        foreach ($writer in 1..10) {
            $mine = @($all | Where-Object Target -eq "writer-$writer")
            $mine.Count | Should -Be 100 -Because "writer $writer wrote 100 records"
            $mine.Identity | Select-Object -Unique | Should -Be "pester-writer-$writer"
            $mine | ForEach-Object { [int]$_.Parameters['Index'] } | Should -Be (1..100)
        }
        $filtered = @(Get-DrAuditLog -Store $Store -Target 'WRITER-7' -Identity 'pester-writer-?' -Last 5)
        $filtered.Sequence | Should -Be (@($all | Where-Object Target -eq 'writer-7').Sequence | Select-Object -Last 5)
    }

    It 'a record edited in the store fails the check, naming that record and its key (AuditLogBroken)' {
        $key = 'audit/records/000000000500.json'
        $utf8 = [Text.UTF8Encoding]::new($false)
        $original = Read-TestStoreObject $Store $key
        $text = $utf8.GetString($original)
        $edited = $text -replace '"outcome": "Succeeded"', '"outcome": "Failed"'
        $edited | Should -Not -Be $text
        Write-TestStoreObject $Store $key $utf8.GetBytes($edited)
        try {
            $result = Test-DrAuditLog -Store $Store -ErrorVariable broken -ErrorAction SilentlyContinue
            $result.Verdict | Should -Be 'Failed'
            $result.BrokenSequence | Should -Be 500
            $result.BrokenKey | Should -Be $key
            $result.Reason | Should -BeLike "record 500 ($key) does not match the hash record 501 holds*"
            $broken.Count | Should -Be 1
            $broken[0].FullyQualifiedErrorId | Should -BeLike 'AuditLogBroken,*'
            $broken[0].Exception.Message | Should -BeLike "*record 500 ($key)*"
        } finally {
            Write-TestStoreObject $Store $key $original
        }
    }

    It 'a record deleted from the store fails the check, naming the missing sequence' {
        $key = 'audit/records/000000000731.json'
        $original = Read-TestStoreObject $Store $key
        Remove-TestStoreObject $Store $key
        try {
            $result = Test-DrAuditLog -Store $Store -ErrorVariable broken -ErrorAction SilentlyContinue
            $result.Verdict | Should -Be 'Failed'
            $result.BrokenSequence | Should -Be 731
            $result.BrokenKey | Should -Be $key
            $result.Reason | Should -BeLike 'record 731 * is missing*'
            $result.RecordCount | Should -Be 730
            $broken[0].FullyQualifiedErrorId | Should -BeLike 'AuditLogBroken,*'
        } finally {
            Write-TestStoreObject $Store $key $original
        }
    }
}

Describe "Audit log secrets and cmdlet behaviour [$StoreKind]" {
    BeforeAll {
        $lab = Get-LabConfig
        $azureKey = [regex]::Match($lab.azure.connectionString, 'AccountKey=([^;]+)').Groups[1].Value
        $script:Secrets = @($lab.redis.password, $lab.s3.secretAccessKey, $azureKey, $lab.qdrant.apiKey) | Where-Object { $_ }
        $script:Store = New-TestStore
        $redis = $lab.redis.primary
        $script:Output = @(
            Add-DrAuditRecord -Store $Store -Command 'Restore-RedisBackup' -Target "$redis,password=$($lab.redis.password)" -Outcome Failed -ErrorId 'RedisAuthenticationFailed' -Parameters @{
                Password = $lab.redis.password
                ApiKey   = $lab.qdrant.apiKey
                Endpoint = "redis://default:$($lab.redis.password)@$redis"
                Store    = "s3://$($lab.s3.accessKeyId):$($lab.s3.secretAccessKey)@$($lab.s3.bucket)/x"
                Azure    = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azureKey"
                Secure   = (ConvertTo-SecureString $lab.s3.secretAccessKey -AsPlainText -Force)
                Collection = 'citizens'
            } -Verbose 4>&1
            Add-DrAuditRecord -Store $Store -Command 'Copy-DrBackup' -Target "AccountName=devstoreaccount1;AccountKey=$azureKey" -Outcome Succeeded -Verbose 4>&1
            Get-DrAuditLog -Store $Store -Verbose 4>&1
            Test-DrAuditLog -Store $Store -Verbose 4>&1
        )
    }
    AfterAll { Remove-TestStoresMade }

    It 'stores no lab secret in any audit object' {
        $Secrets.Count | Should -BeGreaterOrEqual 3
        $keys = @(Get-TestStoreKey $Store 'audit/')
        $keys.Count | Should -Be 3   # two records and the head hint
        $utf8 = [Text.UTF8Encoding]::new($false)
        foreach ($key in $keys) {
            $text = $utf8.GetString((Read-TestStoreObject $Store $key))
            foreach ($secret in $Secrets) {
                $text.Contains($secret) | Should -BeFalse -Because "$key must not hold a lab secret"
            }
        }
    }

    It 'shows no lab secret in the output, verbose stream or JSON of the records' {
        $text = ($Output | ForEach-Object { if ($_ -is [Management.Automation.VerboseRecord]) { $_.Message } else { $_ | ConvertTo-Json -Depth 5 } }) -join "`n"
        $text | Should -Match 'Restore-RedisBackup'
        foreach ($secret in $Secrets) { $text.Contains($secret) | Should -BeFalse }
    }

    It 'stores secret-named parameters as ***, and keeps the rest' {
        $record = Get-DrAuditLog -Store $Store -Command Restore-* | Select-Object -First 1
        $record.Parameters['Password'] | Should -Be '***'
        $record.Parameters['ApiKey'] | Should -Be '***'
        $record.Parameters['Secure'] | Should -Be '***'
        $record.Parameters['Collection'] | Should -Be 'citizens'
        $record.Parameters['Endpoint'] | Should -BeLike 'redis://default:***@*'
        $record.ErrorId | Should -Be 'RedisAuthenticationFailed'
        $record.Outcome | Should -Be 'Failed'
    }

    It '-WhatIf appends nothing' {
        Add-DrAuditRecord -Store $Store -Command 'X' -Target 'y' -Outcome 'Succeeded' -WhatIf | Should -BeNullOrEmpty
        @(Get-TestStoreKey $Store 'audit/records/').Count | Should -Be 2
    }

    It 'Get-DrAuditLog filters by outcome and time, and -Last keeps the newest' {
        @(Get-DrAuditLog -Store $Store -Outcome succeeded).Command | Should -Be 'Copy-DrBackup'
        @(Get-DrAuditLog -Store $Store -After ([DateTimeOffset]::UtcNow.AddMinutes(5))) | Should -BeNullOrEmpty
        @(Get-DrAuditLog -Store $Store -Last 1).Sequence | Should -Be 2
    }

    It 'the store creates a key only once: a second TryCreate returns false and keeps the first content' {
        $store = ConvertTo-TestStoreObject (New-TestStore)
        $none = [Threading.CancellationToken]::None
        $utf8 = [Text.UTF8Encoding]::new($false)
        $store.TryCreateAsync('audit/once.json', [ReadOnlyMemory[byte]]$utf8.GetBytes('first'), $none).GetAwaiter().GetResult() | Should -BeTrue
        $store.TryCreateAsync('audit/once.json', [ReadOnlyMemory[byte]]$utf8.GetBytes('second'), $none).GetAwaiter().GetResult() | Should -BeFalse
        $utf8.GetString((Read-TestStoreObject $store 'audit/once.json')) | Should -Be 'first'
    }

    It 'Invoke-DrRetention leaves the audit log alone' {
        $before = @(Get-TestStoreKey $Store 'audit/')
        $policy = New-DrRetentionPolicy -Kind Qdrant -MaxAge 1.00:00:00
        Invoke-DrRetention -Store $Store -Policy $policy -AsOf ([DateTime]::UtcNow.AddYears(8)) -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
        @(Get-TestStoreKey $Store 'audit/') | Should -Be $before
        (Test-DrAuditLog -Store $Store).Verdict | Should -Be 'Passed'
    }

    It 'an empty store passes with no records' {
        $empty = New-TestStore
        $result = Test-DrAuditLog -Store $empty
        $result.Verdict | Should -Be 'Passed'
        $result.RecordCount | Should -Be 0
    }
}
