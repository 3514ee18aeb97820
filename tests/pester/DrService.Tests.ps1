# Test-DrService through the lab's public name (issue 11, Done when): resolved at the caching resolver (dnsmasq in
# front of the lab's authoritative server), the requests go to the resolved address with the public name as Host,
# and the primary answers. The switch to the secondary is exercised by the DNS test (Set-DrDnsRecord, then
# Test-DrService -Region secondary).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:dns = (Get-LabConfig).dns
    $script:regions = Get-LabRegions
    # The lab's record points at the primary; a test that moved it may have left resolvers caching the other
    # region for one TTL, so wait until every resolver answers the primary again (and say so if it never does).
    Set-LabEnvironmentVariables
    Test-DrDnsPropagation -Environment $envr -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Stop | Out-Null
}

Describe 'Test-DrService' {
    It 'reports through the caching resolver that the primary answered every check' {
        $rows = @(Test-DrService -Environment $envr -Resolver $dns.caching)

        $rows.Check | Should -Be @('Health', 'Ready', 'Query')
        foreach ($row in $rows) {
            $row.Passed | Should -BeTrue -Because $row.Detail
            $row.StatusCode | Should -Be 200
            $row.ResolvedAddress | Should -Be $regions.primary.application.address
            $row.Region | Should -Be 'primary'
            $row.AnsweredBy | Should -Be 'primary'
            ([Uri]$row.Url).Host | Should -Be ([Uri]$envr.Service.PublicUrl).Host
            $row.PSObject.TypeNames | Should -Contain 'PubSec.Dr.ServiceCheckResult'
        }
    }

    It 'uses the first non-authoritative resolver of the environment by default' {
        $rows = @(Test-DrService -Environment $envr)

        $rows[0].Resolver | Should -Be (@($envr.Dns.Resolvers | Where-Object { -not $_.Authoritative })[0].Address.ToString())
        $rows.Region | Sort-Object -Unique | Should -Be 'primary'
    }

    It 'fails every check with ServiceCheckFailed when another region was expected' {
        $rows = @(Test-DrService -Environment $envr -Resolver $dns.caching -Region secondary -ErrorVariable failed -ErrorAction SilentlyContinue)

        $rows | ForEach-Object { $_.Passed | Should -BeFalse }
        $failed.Count | Should -Be 3
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServiceCheckFailed,*'
    }

    It 'reports a refused connection as a failed row when the primary application is stopped' {
        Invoke-LabRegionAdmin primary POST 'lab/app/stop' | Out-Null
        try {
            $rows = @(Test-DrService -Environment $envr -Resolver $dns.caching -ErrorAction SilentlyContinue)

            $rows.Count | Should -Be 3
            $rows | ForEach-Object { $_.Passed | Should -BeFalse }
        }
        finally {
            Invoke-LabRegionAdmin primary POST 'lab/app/start' | Out-Null
        }
    }

    It 'stops with DnsResolverUnreachable when the resolver does not answer' {
        $silent = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $address = "127.0.0.1:$($silent.Client.LocalEndPoint.Port)"
            { Test-DrService -Environment $envr -Resolver $address -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'DnsResolverUnreachable,*'
        }
        finally { $silent.Dispose() }
    }

    It 'stops with ServiceNameUnresolved when the resolver has no address for the name' {
        # The lab's file with a public name the zone does not hold; only what Test-DrService reads is kept.
        $json = Get-Content (Join-Path $RepoRoot 'out/lab/dr-environment.json') -Raw | ConvertFrom-Json
        $json.service.publicUrl = $json.service.publicUrl -replace '//[^:/]+', '//no-such-name.pubsec-info-assistant.com'
        foreach ($region in $json.regions.PSObject.Properties.Value) {
            foreach ($section in @('kubernetes', 'store', 'qdrant', 'redis')) { $region.PSObject.Properties.Remove($section) }
        }
        $file = Join-Path $TestDrive 'env.json'
        $json | ConvertTo-Json -Depth 20 | Set-Content $file
        $unknownName = Import-DrEnvironment -Path $file

        { Test-DrService -Environment $unknownName -Resolver $dns.authoritative -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceNameUnresolved,*'
    }
}
