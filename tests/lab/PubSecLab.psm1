# Test-side helpers for the local lab: read out/lab/lab.json, seed Qdrant collections with deterministic
# data, and drive the emulator's admin API. Product code never uses this; runbooks use only cmdlets.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-LabConfig {
    $path = Join-Path $script:RepoRoot 'out/lab/lab.json'
    if (-not (Test-Path $path)) { throw "The lab is not running ($path is missing). Start it: dotnet pwsh ./build.ps1 -Task LabStart" }
    Get-Content $path -Raw | ConvertFrom-Json
}

function Get-LabQdrantUri { @((Get-LabConfig).qdrant.nodes | ForEach-Object { [Uri]$_.rest }) }

function Get-LabGrpcUri { [Uri](Get-LabConfig).qdrant.nodes[0].grpc }

function Get-LabAzure {
    # The lab's Azurite: endpoint, container and its (well-known, development-only) connection string.
    $azure = (Get-LabConfig).azure
    if (-not $azure) { throw 'The lab has no Azure section; restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart' }
    $azure
}

function Get-LabApiKey { ConvertTo-SecureString (Get-LabConfig).qdrant.apiKey -AsPlainText -Force }

function Get-LabRedis {
    # The lab's Redis: primary and replica as host:port, the password, the primary's data folder, the replica's pid.
    $redis = (Get-LabConfig).PSObject.Properties['redis']
    if (-not $redis) { throw 'The running lab has no Redis section; restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart' }
    $redis.Value
}

function Get-LabS3 {
    # The lab's S3 (moto): endpoint, bucket, region and its placeholder keys.
    $s3 = (Get-LabConfig).PSObject.Properties['s3']
    if (-not $s3) { throw 'The running lab has no S3 section; restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart' }
    $s3.Value
}

function Invoke-LabQdrant {
    # One REST call to a lab node with the lab's API key. -Node picks the node (default 0).
    param(
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body,
        [int] $Node = 0
    )
    $lab = Get-LabConfig
    $uri = $lab.qdrant.nodes[$Node].rest.TrimEnd('/') + '/' + $Path.TrimStart('/')
    $request = @{ Method = $Method; Uri = $uri; Headers = @{ 'api-key' = $lab.qdrant.apiKey } }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = $Body | ConvertTo-Json -Depth 10 -Compress
        $request.ContentType = 'application/json'
    }
    Invoke-RestMethod @request
}

function New-LabCollection {
    # Creates (or re-creates) a collection and fills it with PointCount deterministic points.
    param(
        [Parameter(Mandatory)] [string] $Name,
        [int] $ShardNumber = 1,
        [int] $ReplicationFactor = 1,
        [int] $VectorSize = 8,
        [int] $PointCount = 1000,
        [int] $Seed = 1
    )
    if ((Invoke-LabQdrant GET "collections/$Name/exists").result.exists) {
        Invoke-LabQdrant DELETE "collections/$Name" | Out-Null
    }
    Invoke-LabQdrant PUT "collections/$Name" @{
        vectors = @{ size = $VectorSize; distance = 'Cosine' }
        shard_number = $ShardNumber
        replication_factor = $ReplicationFactor
    } | Out-Null
    Add-LabPoints -Name $Name -Start 1 -Count $PointCount -VectorSize $VectorSize -Seed $Seed
}

function Add-LabPoints {
    param([string] $Name, [int] $Start, [int] $Count, [int] $VectorSize = 8, [int] $Seed = 1, [int] $BatchSize = 500)
    $random = [Random]::new($Seed * 100003 + $Start)
    for ($offset = 0; $offset -lt $Count; $offset += $BatchSize) {
        $points = foreach ($id in ($Start + $offset)..([Math]::Min($Start + $Count, $Start + $offset + $BatchSize) - 1)) {
            @{
                id = $id
                vector = @(1..$VectorSize | ForEach-Object { [Math]::Round($random.NextDouble(), 6) })
                payload = @{ tenant = "tenant-$($id % 7)"; title = "document $id"; seed = $Seed }
            }
        }
        Invoke-LabQdrant PUT "collections/$Name/points?wait=true" @{ points = @($points) } | Out-Null
    }
}

function Get-LabPointCount([string] $Name) {
    (Invoke-LabQdrant POST "collections/$Name/points/count" @{ exact = $true }).result.count
}

function Get-LabSnapshotName {
    # Every snapshot file name of a collection across all nodes, as 'node/name'.
    param([Parameter(Mandatory)] [string] $Collection)
    $nodes = (Get-LabConfig).qdrant.nodes
    foreach ($index in 0..($nodes.Count - 1)) {
        foreach ($snapshot in (Invoke-LabQdrant GET "collections/$Collection/snapshots" -Node $index).result) {
            "$index/$($snapshot.name)"
        }
    }
}

function Remove-LabShardData {
    # Simulates a node that lost its disk for one collection: its local shard directories vanish. The
    # emulator reads shard data from disk on every request, so the node now reports those replicas Dead.
    param([Parameter(Mandatory)] [string] $Collection, [Parameter(Mandatory)] [int] $Node)
    $directory = Join-Path (Get-LabConfig).qdrant.nodes[$Node].storagePath "collections/$Collection"
    $shards = @(Get-ChildItem $directory -Directory -ErrorAction Stop)
    if ($shards.Count -eq 0) { throw "Node $Node holds no shard of '$Collection' to remove." }
    $shards | Remove-Item -Recurse -Force
}

function New-FreshPwshStartInfo {
    # A fresh pwsh of this session's version running one script file. The local-tool pwsh runs inside a
    # 'dotnet' host process, which then needs 'pwsh' as its first argument: the tool's shim, itself a .NET process,
    # starts the session. -WithoutShim starts this session's pwsh.dll directly instead, so that one process alone
    # writes what the runtime reports (its JIT summary).
    param([Parameter(Mandatory)] [string] $File, [switch] $WithoutShim)
    $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $startInfo = [Diagnostics.ProcessStartInfo]::new($exe)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $startInfo.ArgumentList.Add($(if ($WithoutShim) { [Environment]::GetCommandLineArgs()[0] } else { 'pwsh' }))
    }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $File) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.WorkingDirectory = $script:RepoRoot
    $startInfo
}

function Invoke-FreshPwshScript {
    # Runs a script text in a fresh pwsh; returns its stdout lines; throws with the output when it fails.
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $WorkDirectory)
    $file = Join-Path $WorkDirectory "script-$([Guid]::NewGuid().ToString('N')).ps1"
    Set-Content $file $Script
    $startInfo = New-FreshPwshStartInfo -File $file
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($startInfo)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    Remove-Item $file
    if ($process.ExitCode -ne 0) { throw "The script failed with exit code $($process.ExitCode): $stdout $($stderr.Result)" }
    $stdout -split "`r?`n" | Where-Object { $_ }
}

function Invoke-LabKubernetes {
    # One GET against the lab's Kubernetes API over TLS, trusting only the kubeconfig's CA and authenticated with its token.
    param([Parameter(Mandatory)] [string] $Path)
    $kubeconfig = Get-Content (Get-LabConfig).kubernetes.kubeconfig -Raw
    $server = [regex]::Match($kubeconfig, 'server:\s*"?([^"\s]+)').Groups[1].Value
    $token = [regex]::Match($kubeconfig, 'token:\s*"?([^"\s]+)').Groups[1].Value
    $caPem = [Text.Encoding]::ASCII.GetString([Convert]::FromBase64String([regex]::Match($kubeconfig, 'certificate-authority-data:\s*(\S+)').Groups[1].Value))
    $handler = [System.Net.Http.SocketsHttpHandler]::new()
    $policy = [System.Security.Cryptography.X509Certificates.X509ChainPolicy]::new()
    $policy.TrustMode = [System.Security.Cryptography.X509Certificates.X509ChainTrustMode]::CustomRootTrust
    $policy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    $policy.CustomTrustStore.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem($caPem)) | Out-Null
    $handler.SslOptions.CertificateChainPolicy = $policy
    $client = [System.Net.Http.HttpClient]::new($handler)
    try {
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $server.TrimEnd('/') + '/' + $Path.TrimStart('/'))
        $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
        $response = $client.SendAsync($request).GetAwaiter().GetResult()
        $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "GET $Path answered $([int]$response.StatusCode): $body" }
        $body | ConvertFrom-Json
    }
    finally { $client.Dispose() }
}

function Invoke-LabAdmin {
    # A region's emulator admin API (stop/start/wipe nodes, app stop/start, region down/up, options); no auth, loopback only.
    param(
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body,
        [ValidateSet('primary', 'secondary')] [string] $Region = 'primary'
    )
    $admin = if ($Region -eq 'primary') { (Get-LabConfig).qdrant.admin } else { (Get-LabRegion -Name $Region).qdrant.admin }
    $request = @{ Method = $Method; Uri = $admin.TrimEnd('/') + '/' + $Path.TrimStart('/') }
    if ($PSBoundParameters.ContainsKey('Body')) { $request.Body = $Body | ConvertTo-Json -Compress; $request.ContentType = 'application/json' }
    Invoke-RestMethod @request
}

function Get-LabRegion {
    # One region of the lab: qdrant (admin, apiKey, nodes), kubernetes (merged kubeconfig, context), redis
    # (host:port), application (address, port, baseUrl), defaultStore.
    param([Parameter(Mandatory)] [ValidateSet('primary', 'secondary')] [string] $Name)
    $regions = (Get-LabConfig).PSObject.Properties['regions']
    if (-not $regions) { throw 'The running lab has no regions; restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart' }
    $regions.Value.$Name
}

function Get-LabEnvironmentPath {
    # out/lab/dr-environment.json: the lab as an environment file for -Environment cmdlets.
    $path = Join-Path $script:RepoRoot 'out/lab/dr-environment.json'
    if (-not (Test-Path $path)) { throw "The lab has no environment file ($path is missing). Restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart" }
    $path
}

function Set-LabEnvironmentVariables {
    # Sets, in this process, the PUBSECDR_LAB_* variables that dr-environment.json names, from lab.json's lab-only values.
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test helper; sets process variables only.')]
    param()
    $lab = Get-LabConfig
    $env:PUBSECDR_LAB_QDRANT_API_KEY = $lab.qdrant.apiKey
    if ($lab.PSObject.Properties['redis']) { $env:PUBSECDR_LAB_REDIS_PASSWORD = $lab.redis.password }
    if ($lab.PSObject.Properties['route53']) {
        $env:PUBSECDR_LAB_AWS_ACCESS_KEY_ID = $lab.route53.accessKeyId
        $env:PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY = $lab.route53.secretAccessKey
    }
}

function Get-LabRedisProcessId {
    # The pid of a region's redis-server: the primary region's is the lab's primary, the secondary's its replica.
    param([Parameter(Mandatory)] [ValidateSet('primary', 'secondary')] [string] $Region)
    $role = if ($Region -eq 'primary') { 'primary' } else { 'replica' }
    $pidFile = Join-Path $script:RepoRoot "out/lab/redis-$role.pid"
    if (-not (Test-Path $pidFile)) { throw "The lab's Redis $role is not running ($pidFile is missing); start the lab: dotnet pwsh ./build.ps1 -Task LabStart" }
    [int](Get-Content $pidFile -Raw).Trim()
}

function Set-LabRegionDown {
    # A whole-region outage: the region's emulator closes its app stub, Kubernetes API and Qdrant nodes
    # (POST /lab/region/down; connections refused, state kept on disk) and its Redis is frozen with SIGSTOP, so
    # clients connect but get no answer, as with a server whose host lost power behind a live load balancer.
    # LabStop still stops both (it sends SIGCONT to Redis first, SIGTERM to the emulator).
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test helper for the local lab only.')]
    param([Parameter(Mandatory)] [ValidateSet('primary', 'secondary')] [string] $Region)
    $status = Invoke-LabAdmin -Method Post -Path 'lab/region/down' -Region $Region
    & kill -STOP (Get-LabRedisProcessId -Region $Region)
    if ($LASTEXITCODE -ne 0) { throw "SIGSTOP of the $Region region's Redis failed." }
    $status
}

function Set-LabRegionUp {
    # Reverses Set-LabRegionDown: Redis resumes (SIGCONT; a replica re-links to its primary by itself), the
    # emulator reopens its nodes with their data, its Kubernetes API (pods Ready again) and its app stub.
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test helper for the local lab only.')]
    param([Parameter(Mandatory)] [ValidateSet('primary', 'secondary')] [string] $Region)
    & kill -CONT (Get-LabRedisProcessId -Region $Region)
    if ($LASTEXITCODE -ne 0) { throw "SIGCONT of the $Region region's Redis failed." }
    Invoke-LabAdmin -Method Post -Path 'lab/region/up' -Region $Region
}

function Invoke-LabRegionRedisCli([string] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
    # redis-cli against one of the lab's Redis servers; the password through REDISCLI_AUTH, never on the command line.
    $h, $port = $Endpoint -split ':'
    $env:REDISCLI_AUTH = (Get-LabRedis).password
    try { redis-cli -h $h -p $port @Arguments } finally { Remove-Item Env:REDISCLI_AUTH }
}

function Reset-LabFailover {
    # Puts the two-region lab back as LabStart left it after a failover from the primary to the secondary (tests and
    # bench/Measure-RegionalFailover.ps1 share it, so every one leaves the next a usable lab): the primary region up,
    # its Redis accepting writes without replicas and the secondary's Redis its replica again (linked), DNS on the
    # primary and propagated, the named scratch collections gone from both regions and the named backups from the
    # store they are in. Needs the PubSecDr module loaded (Set-DrDnsRecord, Test-DrDnsPropagation). Each part runs
    # even when an earlier one failed; the failures are thrown together at the end.
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test helper for the local lab only.')]
    param(
        [Parameter(Mandatory)] $Environment,
        [string[]] $Collection = @(),
        [object[]] $Backup = @(),
        [string] $Store
    )
    $failures = [Collections.Generic.List[string]]::new()
    $redis = Get-LabRedis
    $h, $port = $redis.primary -split ':'
    $parts = [ordered]@{
        'primary region up' = { Set-LabRegionUp -Region primary | Out-Null }
        'primary Redis writable' = { Invoke-LabRegionRedisCli $redis.primary CONFIG SET min-replicas-to-write 0 | Out-Null }
        'secondary Redis a replica' = {
            Invoke-LabRegionRedisCli $redis.replica REPLICAOF $h $port | Out-Null
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not ((Invoke-LabRegionRedisCli $redis.replica INFO replication) -match '^master_link_status:up')) {
                if ([DateTime]::UtcNow -gt $deadline) { throw "the replica $($redis.replica) did not link to $($redis.primary) within 30 s" }
                Start-Sleep -Milliseconds 200
            }
        }
        'DNS on the primary' = {
            Set-DrDnsRecord $Environment -Region primary -Force -ErrorAction Stop | Out-Null
            Test-DrDnsPropagation $Environment -Region primary -Timeout 60 -Interval 0.5 -ErrorAction Stop | Out-Null
        }
        'scratch collections removed' = {
            foreach ($region in 'primary', 'secondary') {
                $rest = (Get-LabRegion -Name $region).qdrant.nodes[0].rest.TrimEnd('/')
                $headers = @{ 'api-key' = (Get-LabConfig).qdrant.apiKey }
                foreach ($name in $Collection) {
                    if ((Invoke-RestMethod "$rest/collections/$name/exists" -Headers $headers).result.exists) {
                        Invoke-RestMethod -Method Delete "$rest/collections/$name" -Headers $headers | Out-Null
                    }
                    # The emulator keeps a deleted collection's (by then empty) snapshot folder on each node.
                    foreach ($node in (Get-LabRegion -Name $region).qdrant.nodes) {
                        $folder = Join-Path $node.snapshotsPath $name
                        if ((Test-Path $folder) -and -not (Get-ChildItem $folder -File -Recurse -Force)) { Remove-Item $folder -Recurse -Force }
                    }
                }
            }
        }
        'backups removed' = {
            foreach ($item in $Backup) {
                Remove-Item (Join-Path $Store "qdrant/$($item.Collection)/$($item.Id)") -Recurse -Force -ErrorAction SilentlyContinue
                $folder = Join-Path $Store "qdrant/$($item.Collection)"
                if ((Test-Path $folder) -and -not (Get-ChildItem $folder -Force)) { Remove-Item $folder -Force }
            }
        }
    }
    foreach ($part in $parts.GetEnumerator()) {
        try { & $part.Value } catch { $failures.Add("$($part.Key): $_") }
    }
    if ($failures.Count) { throw "The lab was not fully reset: $($failures -join '; ')" }
}

Export-ModuleMember -Function *-Lab*, New-FreshPwshStartInfo, Invoke-FreshPwshScript
