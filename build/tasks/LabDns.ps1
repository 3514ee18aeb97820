# The lab's DNS: the public zone in Route53 (emulated by the lab's moto_server), the lab's authoritative server
# (tests/PubSec.Dr.Lab.Dns, serves that zone with a propagation delay) and dnsmasq as the caching resolver in front
# of it; described under "route53" and "dns" in out/lab/lab.json. See tests/PubSec.Dr.Lab.Dns/README.md.
# moto does not check signatures, so the keys are the lab's fixed placeholders, never real credentials.

$script:LabDnsZone = 'pubsec-info-assistant.com.'
$script:LabDnsPrimaryAddress = '127.0.0.2'   # the primary region's app stub; the secondary's is 127.0.0.3
$script:LabDnsTtl = 5
$script:LabDnsPropagationDelaySeconds = 3
$script:LabDnsServers = 'dns-authoritative', 'dnsmasq'

function Start-LabDns {
    # Creates the zone and its A record in moto's Route53, starts the authoritative server and dnsmasq, waits until
    # a query through dnsmasq answers, and returns the lab.json "route53" and "dns" sections.
    param([Parameter(Mandatory)] [string] $Moto)
    $dnsmasq = Get-LabDnsCommand 'dnsmasq' 'dnsmasq-base'
    Get-LabDnsCommand 'dig' 'dnsutils' | Out-Null
    Get-LabDnsCommand 'aws' 'awscli' | Out-Null
    $serverDll = Join-Path $Out "bin/PubSec.Dr.Lab.Dns/$Configuration/net10.0/PubSec.Dr.Lab.Dns.dll"
    if (-not (Test-Path $serverDll)) {
        Invoke-Native dotnet @('build', (Join-Path $Root 'tests/PubSec.Dr.Lab.Dns'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    }

    # Servers left by a run that died before LabStop would otherwise keep their ports forever.
    Stop-LabDns
    $route53 = [ordered]@{
        endpoint        = $Moto
        hostedZoneId    = $null
        recordName      = $script:LabDnsZone
        region          = 'us-east-1'
        accessKeyId     = 'lab'
        secretAccessKey = 'lab-secret'
    }
    $route53.hostedZoneId = New-LabHostedZone $route53
    Set-LabDnsRecord $route53 $script:LabDnsPrimaryAddress

    $authPort = Get-LabFreeDnsPort
    $cachePort = Get-LabFreeDnsPort -Except $authPort
    $ready = Join-Path $LabOut 'dns-authoritative.ready'
    Remove-Item $ready -ErrorAction Ignore
    Write-Host "  Starting the authoritative DNS server on 127.0.0.1:$authPort (zone $($script:LabDnsZone), delay $($script:LabDnsPropagationDelaySeconds) s)"
    $auth = Start-Process dotnet -PassThru -ArgumentList @($serverDll, '--moto', $Moto, '--zone-id', $route53.hostedZoneId,
        '--zone', $script:LabDnsZone, '--port', "$authPort", '--propagation-delay-ms', "$($script:LabDnsPropagationDelaySeconds * 1000)",
        '--ready-file', $ready) `
        -RedirectStandardOutput (Join-Path $LabOut 'dns-authoritative.log') -RedirectStandardError (Join-Path $LabOut 'dns-authoritative.err.log')
    Set-Content (Join-Path $LabOut 'dns-authoritative.pid') $auth.Id
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path $ready)) {
        if ($auth.HasExited) { throw "The authoritative DNS server exited with code $($auth.ExitCode); see $(Join-Path $LabOut 'dns-authoritative.err.log')." }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The authoritative DNS server was not ready within 60 s; see $(Join-Path $LabOut 'dns-authoritative.err.log')." }
        Start-Sleep -Milliseconds 200
    }

    # Started directly (no wrapping shell) and kept in the foreground, so the recorded PID is dnsmasq's own. dnsmasq
    # writes no PID file of its own ("--pid-file" without a path, man dnsmasq): when it wrote dnsmasq.pid beside the
    # lab's record, the two writes raced and left the PID there twice, which LabStop could not read.
    # It caches each answer for the upstream TTL, which is what the lab's failover drills measure.
    Write-Host "  Starting dnsmasq (caching resolver) on 127.0.0.1:$cachePort"
    $cache = Start-Process $dnsmasq -PassThru -ArgumentList @('--keep-in-foreground', "--port=$cachePort", '--listen-address=127.0.0.1',
        '--bind-interfaces', '--no-resolv', '--no-hosts', "--server=127.0.0.1#$authPort", '--cache-size=1000',
        '--pid-file', '--user=root', "--log-facility=$(Join-Path $LabOut 'dnsmasq.log')") `
        -RedirectStandardOutput (Join-Path $LabOut 'dnsmasq.out.log') -RedirectStandardError (Join-Path $LabOut 'dnsmasq.err.log')
    Set-Content (Join-Path $LabOut 'dnsmasq.pid') $cache.Id

    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ((Resolve-LabDnsName "127.0.0.1:$cachePort" $script:LabDnsZone) -ne $script:LabDnsPrimaryAddress) {
        if ($cache.HasExited) { throw "dnsmasq exited with code $($cache.ExitCode); see $(Join-Path $LabOut 'dnsmasq.err.log')." }
        if ([DateTime]::UtcNow -gt $deadline) { throw "dnsmasq on 127.0.0.1:$cachePort did not resolve $($script:LabDnsZone) within 30 s; see $(Join-Path $LabOut 'dnsmasq.log')." }
        Start-Sleep -Milliseconds 200
    }

    @{
        route53 = $route53
        dns     = [ordered]@{
            authoritative           = "127.0.0.1:$authPort"
            caching                 = "127.0.0.1:$cachePort"
            propagationDelaySeconds = $script:LabDnsPropagationDelaySeconds
            ttl                     = $script:LabDnsTtl
        }
    }
}

function Stop-LabDns {
    foreach ($name in $script:LabDnsServers) { Stop-LabRecordedProcess $name $name }
    Remove-Item (Join-Path $LabOut 'dns-authoritative.ready') -ErrorAction Ignore
}

function Invoke-LabRoute53 {
    # Runs one `aws route53` command against moto with the lab's placeholder keys and returns its JSON output.
    param([Parameter(Mandatory)] $Route53, [Parameter(Mandatory)] [string[]] $Arguments)
    $saved = @{}
    $variables = @{ AWS_ACCESS_KEY_ID = $Route53.accessKeyId; AWS_SECRET_ACCESS_KEY = $Route53.secretAccessKey; AWS_DEFAULT_REGION = $Route53.region }
    foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
    try {
        $output = & aws --endpoint-url $Route53.endpoint --output json route53 @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "aws route53 $($Arguments[0]) failed: $($output -join "`n")" }
        ($output -join "`n") | ConvertFrom-Json
    } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function New-LabHostedZone($Route53) {
    # Returns the bare id (moto answers "/hostedzone/<id>"); a zone already there (same moto) is reused.
    $existing = Invoke-LabRoute53 $Route53 @('list-hosted-zones-by-name', '--dns-name', $script:LabDnsZone)
    $zone = @($existing.HostedZones | Where-Object Name -eq $script:LabDnsZone) | Select-Object -First 1
    if (-not $zone) {
        Write-Host "  Creating the Route53 zone $($script:LabDnsZone)"
        $zone = (Invoke-LabRoute53 $Route53 @('create-hosted-zone', '--name', $script:LabDnsZone, '--caller-reference', "lab-$([Guid]::NewGuid().ToString('N'))")).HostedZone
    }
    ($zone.Id -split '/')[-1]
}

function Set-LabDnsRecord($Route53, [string] $Address) {
    # UPSERTs the zone's A record (TTL 5) to one address, as a failover does.
    $batch = @{ Changes = @(@{ Action = 'UPSERT'; ResourceRecordSet = @{
                    Name = $script:LabDnsZone; Type = 'A'; TTL = $script:LabDnsTtl; ResourceRecords = @(@{ Value = $Address }) } }) } |
        ConvertTo-Json -Depth 6 -Compress
    Invoke-LabRoute53 $Route53 @('change-resource-record-sets', '--hosted-zone-id', $Route53.hostedZoneId, '--change-batch', $batch) | Out-Null
}

function Resolve-LabDnsName([string] $Server, [string] $Name, [string] $Type = 'A') {
    # The first answer's value from one dig query (one try, 1 s), or $null.
    $hostName, $port = $Server -split ':'
    $answer = & dig "@$hostName" -p $port $Name $Type +short +time=1 +tries=1 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    @($answer | Where-Object { $_ -and $_ -notmatch '^;' }) | Select-Object -Last 1
}

function Get-LabFreeDnsPort([int] $Except = 0) {
    # DNS needs the same port free for TCP and UDP.
    for ($i = 0; $i -lt 50; $i++) {
        $port = Get-LabFreePort
        if ($port -eq $Except) { continue }
        $udp = $null
        try {
            $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port))
            return $port
        } catch [System.Net.Sockets.SocketException] {
            continue
        } finally {
            if ($udp) { $udp.Dispose() }
        }
    }
    throw 'Found no loopback port free for both TCP and UDP in 50 tries.'
}

function Get-LabDnsCommand([string] $Name, [string] $Package) {
    # dnsmasq lives in /usr/sbin, which is not on every user's PATH.
    $command = Get-Command $Name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($command) { return $command.Source }
    $sbin = "/usr/sbin/$Name"
    if (Test-Path $sbin) { return $sbin }
    throw "$Name is missing; the lab's DNS needs it. Run: dotnet pwsh ./build.ps1 -Task Bootstrap (Debian: apt-get install -y $Package)"
}
