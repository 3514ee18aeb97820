# The lab's DNS (build/tasks/LabDns.ps1, tests/PubSec.Dr.Lab.Dns): a change made in Route53 (moto) is in the API at
# once, on the authoritative server only after its propagation delay, and through the caching resolver (dnsmasq)
# only once the TTL it cached ran out. These are the three clocks a DNS failover has to wait for.
# The record is put back to the primary region (127.0.0.2) in AfterAll: other tests resolve it.

BeforeAll {
    # Only the lab helpers: these tests need no module build.
    Import-Module (Join-Path $PSScriptRoot '../lab/PubSecLab.psm1') -Force
    . (Join-Path $PSScriptRoot 'TestDns.ps1')
    $script:Lab = Get-LabDnsConfig
    $script:Name = $Lab.Route53.recordName
    $script:Delay = [double]$Lab.Dns.propagationDelaySeconds
    $script:Ttl = [int]$Lab.Dns.ttl
}

AfterAll {
    if ($script:Lab) {
        Set-TestDnsRecord $Lab.Route53 '127.0.0.2' -Ttl $Lab.Dns.ttl | Out-Null
        # Later tests read the record at once: wait until both servers serve it again.
        $deadline = [DateTime]::UtcNow.AddSeconds($Delay + $Ttl + 10)
        while ((Get-TestDnsAddress $Lab.Dns.caching $Name) -ne '127.0.0.2' -or (Get-TestDnsAddress $Lab.Dns.authoritative $Name) -ne '127.0.0.2') {
            if ([DateTime]::UtcNow -gt $deadline) { Write-Warning "The lab's DNS did not return to 127.0.0.2 within $($Delay + $Ttl + 10) s"; break }
            Start-Sleep -Milliseconds 250
        }
    }
}

Describe 'The lab DNS at rest' {
    It 'resolves the service name to the primary region through the caching resolver' {
        $server, $port = $Lab.Dns.caching -split ':'
        @(& dig "@$server" -p $port $Name.TrimEnd('.') +short) | Should -Be @('127.0.0.2')
    }

    It 'answers authoritatively with the record''s Route53 TTL' {
        $answer = Invoke-TestDig $Lab.Dns.authoritative $Name
        $answer.Status | Should -Be 'NOERROR'
        $answer.Authoritative | Should -BeTrue
        $answer.Answers.Value | Should -Be @('127.0.0.2')
        $answer.Answers.Ttl | Should -Be @($Ttl)
    }

    It 'refuses a name outside the zone on the authoritative server' {
        $answer = Invoke-TestDig $Lab.Dns.authoritative 'example.org.'
        $answer.Status | Should -Be 'REFUSED'
        $answer.Answers | Should -BeNullOrEmpty
    }

    It 'answers NXDOMAIN for a name in the zone that has no records' {
        $answer = Invoke-TestDig $Lab.Dns.authoritative "missing-$([Guid]::NewGuid().ToString('N').Substring(0, 8)).$Name"
        $answer.Status | Should -Be 'NXDOMAIN'
        $answer.Authoritative | Should -BeTrue
    }

    It 'answers NOERROR with no records for a type the name does not have' {
        $answer = Invoke-TestDig $Lab.Dns.authoritative $Name 'AAAA'
        $answer.Status | Should -Be 'NOERROR'
        $answer.Answers | Should -BeNullOrEmpty
    }
}

Describe 'A change made in Route53' {
    BeforeAll {
        # The resolver holds the current answer before the change, so its cache has something to outlive.
        $script:Before = Invoke-TestDig $Lab.Dns.caching $Name
        Set-TestDnsRecord $Lab.Route53 '127.0.0.4' -Ttl $Ttl | Out-Null
        $script:Changed = [DateTime]::UtcNow
        # Read at once, before anything else: the propagation clock is already running.
        $script:RightAfter = Invoke-TestDig $Lab.Dns.authoritative $Name
        # Empty the resolver's cache (SIGHUP) and ask once more, while the authoritative server still serves the old
        # address: the resolver now holds it for a whole TTL from here, which outlasts the propagation delay, so the
        # "stale in the cache, new at the source" window below is certain instead of depending on when the cache
        # entry from before happened to expire.
        & kill -HUP ([int](Get-Content (Join-Path $PSScriptRoot '../../out/lab/dnsmasq.pid')))
        Start-Sleep -Milliseconds 100
        $script:Primed = Invoke-TestDig $Lab.Dns.caching $Name
        # The CLI takes seconds to start, so the listing runs while both servers are polled, until the resolver
        # serves the new address.
        $listing = Start-TestRoute53 $Lab.Route53 list-resource-record-sets --hosted-zone-id $Lab.Route53.hostedZoneId
        $script:AuthorityLog = [Collections.Generic.List[object]]::new()
        $script:CacheLog = [Collections.Generic.List[object]]::new()
        $CacheLog.Add($Primed)
        $authorityNew = $null
        $deadline = $Changed.AddSeconds($Delay + $Ttl + 10)
        while ([DateTime]::UtcNow -lt $deadline) {
            if (-not $authorityNew) {
                $answer = Invoke-TestDig $Lab.Dns.authoritative $Name
                $AuthorityLog.Add($answer)
                if ($answer.Answers.Value -contains '127.0.0.4') { $authorityNew = $answer }
            }
            $cached = Invoke-TestDig $Lab.Dns.caching $Name
            $CacheLog.Add($cached)
            if ($cached.Answers.Value -contains '127.0.0.4') { break }
            # Short: each dig already takes 0.1-0.5 s on a busy machine, and the switch times are read from this loop.
            Start-Sleep -Milliseconds 100
        }
        $script:Listed = Wait-TestRoute53 $listing
        $script:CacheSwitch = $CacheLog | Where-Object { $_.Answers.Value -contains '127.0.0.4' } | Select-Object -First 1
        # The authoritative server switched after the last old answer it gave was asked for, and no later than the
        # first new answer from it or from the resolver (which can only have learnt it from the authoritative server).
        $script:AuthorityLastOld = @($RightAfter) + @($AuthorityLog) | Where-Object { $_.Answers.Value -contains '127.0.0.2' } | Select-Object -Last 1
        $script:AuthoritativeSwitched = @($authorityNew, $CacheSwitch) | Where-Object { $_ } | ForEach-Object At | Sort-Object | Select-Object -First 1
        # The measured clocks, for whoever sizes a drill's waits on them.
        $seconds = { param($t) if ($t) { '{0:N1} s' -f ($t - $Changed).TotalSeconds } else { 'never' } }
        Write-Host "    change -> authoritative: after $(& $seconds $AuthorityLastOld.Sent), by $(& $seconds $AuthoritativeSwitched); -> caching resolver: by $(& $seconds $CacheSwitch.At)"
    }

    It 'starts from the primary region''s address' {
        $Before.Answers.Value | Should -Be @('127.0.0.2')
    }

    It 'is listed by the Route53 API at once' {
        $record = $Listed.ResourceRecordSets | Where-Object { $_.Name -eq $Name -and $_.Type -eq 'A' }
        $record.ResourceRecords.Value | Should -Be @('127.0.0.4')
    }

    It 'is not yet served by the authoritative server right after the change' {
        # Only meaningful when this query ran well inside the delay; a machine too slow for that fails loudly here.
        ($RightAfter.At - $Changed).TotalSeconds | Should -BeLessThan ($Delay - 1)
        $RightAfter.Answers.Value | Should -Be @('127.0.0.2')
    }

    It 'is served by the authoritative server within the delay plus 2 s' {
        $AuthoritativeSwitched | Should -Not -BeNullOrEmpty
        # Judged by the last query that still got the old address: the loop can lag on a busy machine, but a server
        # that kept the old address too long shows it here.
        ($AuthorityLastOld.Sent - $Changed).TotalSeconds | Should -BeLessOrEqual ($Delay + 2)
    }

    It 'reaches the caching resolver only after the TTL it cached ran out' {
        $CacheSwitch | Should -Not -BeNullOrEmpty
        # Not while the authoritative server itself still served the old address.
        $CacheSwitch.At | Should -BeGreaterOrEqual $AuthorityLastOld.Sent
        # Every old answer the resolver gave promised the old address for its remaining TTL; the new one may only
        # come after. dnsmasq counts whole seconds (the entry expires at the whole second its TTL names, up to 1 s
        # before sent + TTL) and the server answered between Sent and At, hence: switch At >= old Sent + TTL - 1 s.
        $oldAnswers = @($CacheLog | Where-Object { $_.Answers.Value -contains '127.0.0.2' })
        $oldExpiry = $oldAnswers | ForEach-Object { $_.Sent.AddSeconds($_.Answers[0].Ttl - 1) } | Sort-Object | Select-Object -Last 1
        $CacheSwitch.At | Should -BeGreaterOrEqual $oldExpiry
        $CacheSwitch.Answers[0].Ttl | Should -BeLessOrEqual $Ttl
    }

    It 'serves the old address from the resolver''s cache while the authoritative server already serves the new one' {
        # The window is at most one TTL long; the log shows whether the resolver lagged the authoritative server.
        $stale = @($CacheLog | Where-Object { $_.At -gt $AuthoritativeSwitched -and $_.Answers.Value -contains '127.0.0.2' })
        # The primed entry was fetched while the source still served the old address, with the full TTL.
        $Primed.Answers.Value | Should -Be @('127.0.0.2')
        $Primed.Answers[0].Ttl | Should -Be $Ttl
        $stale.Count | Should -BeGreaterThan 0
    }
}
