# dr-plan 6.3 "verify tenant balances --reconcile": 100,000 balances on two private redis-servers, 37 injected
# differences, found exactly, then fixed. A private pair, so the lab's Redis stays untouched for other tests.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function Invoke-TestRedis([object] $Server) {
        redis-cli -p $Server.Port -a $script:Secret --no-auth-warning @args
    }

    $script:Secret = 'cmp-' + [guid]::NewGuid().ToString('N')
    $script:Password = ConvertTo-SecureString $Secret -AsPlainText -Force
    $script:Ref = Start-PrivateRedis $TestDrive -Password $Secret
    $script:Diff = Start-PrivateRedis $TestDrive -Password $Secret

    # 100,000 balances, every 1000th expiring in a day, plus a key outside the pattern. The expiry is one
    # absolute time (EXAT) on both servers, so how far apart the two loads run cannot make TTLs differ.
    $expireAt = [DateTimeOffset]::UtcNow.AddDays(1).ToUnixTimeSeconds()
    $seed = [System.Text.StringBuilder]::new()
    foreach ($i in 0..99999) {
        $value = '{0}.{1:00}' -f (($i * 7919) % 100000), ($i % 100)
        if ($i % 1000 -eq 0) { [void]$seed.Append("SET tenant:balance:$i $value EXAT $expireAt`r`n") }
        else { [void]$seed.Append("SET tenant:balance:$i $value`r`n") }
    }
    $seedFile = Join-Path $TestDrive 'seed.txt'
    [System.IO.File]::WriteAllText($seedFile, $seed.ToString())
    $pipe = { param($port) "redis-cli -p $port -a '$Secret' --no-auth-warning --pipe < '$seedFile' > /dev/null" }
    bash -c "$(& $pipe $Ref.Port) & $(& $pipe $Diff.Port) & wait"
    Invoke-TestRedis $Ref SET 'other:outside-pattern' 1 | Out-Null

    # Exactly 37 differences, each on its own key.
    $script:Expected = [System.Collections.Generic.List[string]]::new()
    foreach ($i in 11..20) { Invoke-TestRedis $Diff SET "tenant:balance:$i" 'tampered' | Out-Null; $Expected.Add("tenant:balance:$i|ValueDiffers") }
    foreach ($i in 31..40) { Invoke-TestRedis $Diff DEL "tenant:balance:$i" | Out-Null; $Expected.Add("tenant:balance:$i|Missing") }
    foreach ($i in 1..10) { Invoke-TestRedis $Diff SET "tenant:balance:extra-$i" '0.00' | Out-Null; $Expected.Add("tenant:balance:extra-$i|Extra") }
    foreach ($i in 51..53) { Invoke-TestRedis $Diff EXPIRE "tenant:balance:$i" 500 | Out-Null; $Expected.Add("tenant:balance:$i|TtlDiffers") }
    foreach ($i in 1000, 2000) { Invoke-TestRedis $Diff PERSIST "tenant:balance:$i" | Out-Null; $Expected.Add("tenant:balance:$i|TtlDiffers") }
    foreach ($i in 3000, 4000) { Invoke-TestRedis $Diff EXPIRE "tenant:balance:$i" 100 | Out-Null; $Expected.Add("tenant:balance:$i|TtlDiffers") }

    $script:Compare = @{
        Reference = $Ref.Endpoint; Difference = $Diff.Endpoint; ReferencePassword = $Password; Pattern = 'tenant:balance:*'
    }
    function Get-Found([object[]] $Differences) { @($Differences | ForEach-Object { "$($_.Key)|$($_.Kind)" } | Sort-Object) }
}

AfterAll {
    foreach ($server in $script:Ref, $script:Diff) {
        if ($server) { Stop-Process -Id $server.Process.Id -ErrorAction SilentlyContinue }
    }
}

Describe 'Compare-RedisData' {
    It 'reports exactly the 37 injected differences among 100,000 balances, with their kinds' {
        # The module's types live in its own load context, so they are told apart by type name here.
        $all = Compare-RedisData @Compare -Verbose 4>&1
        $found = $all | Where-Object { $_.PSObject.TypeNames[0] -eq 'PubSec.Dr.RedisDifference' }
        $verbose = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        Write-Host "    $(($verbose | Select-Object -Last 1).Message)"

        Get-Found $found | Should -Be ($Expected | Sort-Object)
        ($found | Where-Object Key -eq 'tenant:balance:1000').ReferenceTtl.TotalHours | Should -BeGreaterThan 23
        ($found | Where-Object Key -eq 'tenant:balance:1000').DifferenceTtl | Should -BeNullOrEmpty
        $found.Fixed | Should -Not -Contain $true
        ($verbose | Select-Object -Last 1).Message | Should -Match 'Compared 100000 reference key\(s\) and 100000 difference key\(s\)'
    }

    It '-Fix -WhatIf reports the same differences and changes nothing' {
        $found = Compare-RedisData @Compare -Fix -WhatIf
        Get-Found $found | Should -Be ($Expected | Sort-Object)
        $found.Fixed | Should -Not -Contain $true
        Invoke-TestRedis $Diff GET 'tenant:balance:11' | Should -Be 'tampered'
        Invoke-TestRedis $Diff EXISTS 'tenant:balance:extra-1' | Should -Be 1
    }

    It '-Fix -Confirm:$false fixes every difference, and a second comparison finds none' {
        $found = Compare-RedisData @Compare -Fix -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        Get-Found $found | Should -Be ($Expected | Sort-Object)
        $found.Fixed | Should -Not -Contain $false
        "$warnings" | Should -Match '37 difference\(s\), 37 fixed, 0 failed, 0 skipped'

        Compare-RedisData @Compare | Should -BeNullOrEmpty
        Invoke-TestRedis $Diff GET 'tenant:balance:11' | Should -Be (Invoke-TestRedis $Ref GET 'tenant:balance:11')
        [int](Invoke-TestRedis $Diff TTL 'tenant:balance:1000') | Should -BeGreaterThan 86000
        Invoke-TestRedis $Diff EXISTS 'other:outside-pattern' | Should -Be 0
    }

    It 'refuses a wrong password with RedisAuthenticationFailed and never shows the password' {
        $wrong = ConvertTo-SecureString 'not-the-password' -AsPlainText -Force
        $err = { Compare-RedisData -Reference $Ref.Endpoint -Difference $Diff.Endpoint -ReferencePassword $wrong } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'RedisAuthenticationFailed,*'
        "$err $($err.ErrorDetails.RecommendedAction)" | Should -Not -Match 'not-the-password'
    }

    It 'refuses to compare a server with itself with RedisCompareSameServer' {
        $err = { Compare-RedisData -Reference $Ref.Endpoint -Difference $Ref.Endpoint -ReferencePassword $Password } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'RedisCompareSameServer,*'
    }
}
