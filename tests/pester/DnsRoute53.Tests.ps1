# Route53 and DNS propagation against the lab: moto serves the hosted zone, a lab authoritative server publishes
# moto's records after a propagation delay, and dnsmasq caches in front of it (lab.json route53 and dns).
# The record is always set back to the primary region in AfterAll.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Lab = Get-LabConfig
    $script:R53 = $Lab.route53
    $script:LabFolder = Join-Path $RepoRoot 'out/lab'
    $env:PUBSECDR_LAB_AWS_ACCESS_KEY_ID = $R53.accessKeyId
    $env:PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY = $R53.secretAccessKey
    $script:ZoneId = ($R53.hostedZoneId -split '/')[-1]
    $script:Record = ([string]$R53.recordName).TrimEnd('.') + '.'

    function Import-TestEnvironment([string] $Path) { Import-DrEnvironment -Path $Path }

    # A copy of the lab's environment file beside it (so its relative paths still resolve), changed by $Change.
    function New-TestEnvironment([string] $Name, [scriptblock] $Change) {
        $data = Get-Content (Join-Path $LabFolder 'dr-environment.json') -Raw | ConvertFrom-Json -AsHashtable
        & $Change $data
        $path = Join-Path $LabFolder "dns-test-$Name.json"
        $data | ConvertTo-Json -Depth 20 | Set-Content -Path $path -Encoding utf8NoBOM
        Import-TestEnvironment $path
    }

    function Invoke-LabAws {
        $env:AWS_ACCESS_KEY_ID = $R53.accessKeyId; $env:AWS_SECRET_ACCESS_KEY = $R53.secretAccessKey
        $env:AWS_DEFAULT_REGION = if ($R53.region) { $R53.region } else { 'us-east-1' }
        $output = & aws --endpoint-url $R53.endpoint @args --output json 2>&1
        if ($LASTEXITCODE -ne 0) { throw "aws $args failed: $output" }
        $output | ConvertFrom-Json
    }

    function Get-ZoneValues {
        $sets = (Invoke-LabAws route53 list-resource-record-sets --hosted-zone-id $ZoneId).ResourceRecordSets
        @($sets | Where-Object { $_.Name -eq $Record -and $_.Type -eq 'A' } | ForEach-Object { $_.ResourceRecords.Value })
    }

    function Get-FreeUdpPort {
        $socket = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try { $socket.Client.LocalEndPoint.Port } finally { $socket.Dispose() }
    }

    $script:Environment = Import-TestEnvironment (Join-Path $LabFolder 'dr-environment.json')
    $script:Primary = @($Environment.Dns.Records[0].Values['primary'])
    $script:Secondary = @($Environment.Dns.Records[0].Values['secondary'])
    $script:Resolvers = @($Lab.dns.authoritative, $Lab.dns.caching)

    # Start from the primary everywhere, so "the first answer is the old one" is about this test's switch.
    Set-DrDnsRecord $Environment -Region primary -Force | Out-Null
    Test-DrDnsPropagation $Environment -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Stop | Out-Null
}

AfterAll {
    # Back to the primary, and visible everywhere: later tests resolve the public name through the caching resolver.
    Set-DrDnsRecord $Environment -Region primary -Force -ErrorAction Continue | Out-Null
    Test-DrDnsPropagation $Environment -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Continue | Out-Null
    Get-ChildItem (Join-Path $LabFolder 'dns-test-*.json') -ErrorAction Ignore | Remove-Item
}

Describe 'Get-DrDnsRecord on the lab zone' {
    It 'shows the failover record as moto holds it, pointing at the primary region' {
        $row = Get-DrDnsRecord $Environment -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        $row.Name | Should -Be $Record
        $row.Region | Should -Be 'primary'
        $row.InZone | Should -BeTrue
        $row.Values | Should -Be $Primary
        $row.HostedZoneId | Should -Be $ZoneId
        $row.PSObject.TypeNames[0] | Should -Be 'PubSec.Dr.DnsRecord'
    }
}

Describe 'Set-DrDnsRecord -WhatIf and -ChangeBatchPath' {
    It 'changes nothing, and writes a batch file that the AWS CLI applies to the zone' {
        $path = Join-Path $TestDrive 'to-secondary.json'
        $result = Set-DrDnsRecord $Environment -Region secondary -ChangeBatchPath $path -WhatIf
        $result | Should -BeNullOrEmpty
        Get-ZoneValues | Should -Be $Primary
        $batch = Get-Content $path -Raw | ConvertFrom-Json
        $batch.Changes[0].Action | Should -Be 'UPSERT'
        $batch.Changes[0].ResourceRecordSet.Name | Should -Be $Record
        $batch.Changes[0].ResourceRecordSet.ResourceRecords.Value | Should -Be $Secondary

        $change = Invoke-LabAws route53 change-resource-record-sets --hosted-zone-id $ZoneId --change-batch "file://$path"
        $change.ChangeInfo.Id | Should -Not -BeNullOrEmpty
        Get-ZoneValues | Should -Be $Secondary

        Set-DrDnsRecord $Environment -Region primary -Force | Out-Null
        Get-ZoneValues | Should -Be $Primary
        Test-DrDnsPropagation $Environment -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Stop | Out-Null
    }
}

Describe 'Failing the record over to the secondary region' {
    It 'Set-DrDnsRecord makes the AWS CLI show the secondary, and every resolver first answers the old value, then converges' {
        $switch = Set-DrDnsRecord $Environment -Region secondary -Confirm:$false
        $propagation = @(Test-DrDnsPropagation $Environment -Region secondary -Timeout 90 -Interval 0.5 -ErrorVariable failures)

        $switch.Status | Should -Be 'INSYNC'
        $switch.ChangeId | Should -Not -BeNullOrEmpty
        $switch.Changes[0].Before | Should -Be $Primary
        $switch.Changes[0].After | Should -Be $Secondary
        $switch.Changes[0].RegionBefore | Should -Be 'primary'
        Get-ZoneValues | Should -Be $Secondary
        (Get-DrDnsRecord $Environment).Region | Should -Be 'secondary'

        $failures | Should -BeNullOrEmpty
        $propagation.Count | Should -Be $Environment.Dns.Resolvers.Count
        foreach ($row in $propagation) {
            $row.Converged | Should -BeTrue -Because "$($row.Resolver) must answer the secondary"
            $row.FirstAnswer | Should -Be $Primary -Because "$($row.Resolver) cannot see the change before the lab's propagation delay"
            $row.Answer | Should -Be $Secondary
            $row.TimeToConverge | Should -BeGreaterThan ([TimeSpan]::Zero)
            $row.Queries | Should -BeGreaterThan 1
        }
        ($propagation | Where-Object Authoritative).Count | Should -BeGreaterOrEqual 1

        # Through the public name, as users reach it: the caching resolver now sends them to the secondary.
        $env:PUBSECDR_LAB_QDRANT_API_KEY = $Lab.qdrant.apiKey
        $service = @(Test-DrService -Environment $Environment -Region secondary -ErrorVariable serviceFailures)
        $serviceFailures | Should -BeNullOrEmpty
        $service.Check | Should -Be @('Health', 'Ready', 'Query')
        foreach ($row in $service) {
            $row.Passed | Should -BeTrue -Because $row.Detail
            $row.ResolvedAddress | Should -Be $Secondary[0]
            $row.Region | Should -Be 'secondary'
            $row.AnsweredBy | Should -Be 'secondary'
        }
    }
}

Describe 'Failures have their own error ids' {
    It 'a record outside the zone is DnsRecordNotInZone, and nothing is sent' {
        $before = Get-ZoneValues
        $outside = New-TestEnvironment outside {
            param($data)
            $data.dns.records += @{ name = 'www.not-the-lab-zone.org.'; type = 'A'; ttl = 5; values = @{ primary = @('127.0.0.2'); secondary = @('127.0.0.3') } }
        }
        $target = if ($before -eq $Primary) { 'secondary' } else { 'primary' }
        { Set-DrDnsRecord $outside -Region $target -Force -ErrorAction Stop } | Should -Throw -ErrorId 'DnsRecordNotInZone,*'
        Get-ZoneValues | Should -Be $before

        $rows = Get-DrDnsRecord $outside -ErrorVariable failures -ErrorAction SilentlyContinue
        ($rows | Where-Object Name -eq 'www.not-the-lab-zone.org.').InZone | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DnsRecordNotInZone,*'
    }

    It 'an unreachable resolver fails its row with DnsResolverUnreachable while the others converge' {
        $dead = "127.0.0.1:$(Get-FreeUdpPort)"
        $values = Get-ZoneValues
        $rows = @(Test-DrDnsPropagation $Environment -ExpectedValue $values -Resolver $Lab.dns.caching, $dead -Timeout 30 -Interval 0.5 -QueryTimeout 1 `
            -ErrorVariable failures -ErrorAction SilentlyContinue)
        ($rows | Where-Object Address -eq $dead).ErrorId | Should -Be 'DnsResolverUnreachable'
        ($rows | Where-Object Address -ne $dead).Converged | Should -BeTrue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DnsResolverUnreachable,*'
    }

    It 'a wrong hosted zone id is Route53ZoneNotFound' {
        $wrong = New-TestEnvironment wrongzone { param($data) $data.dns.route53.hostedZoneId = 'ZNOSUCHZONE0000000000' }
        { Get-DrDnsRecord $wrong -ErrorAction Stop } | Should -Throw -ErrorId 'Route53ZoneNotFound,*'
        { Set-DrDnsRecord $wrong -Region secondary -Force -ErrorAction Stop } | Should -Throw -ErrorId 'Route53ZoneNotFound,*'
    }
}
