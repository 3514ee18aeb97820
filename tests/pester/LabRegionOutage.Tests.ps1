# The lab's whole-region outage (issue 12's test equipment): Set-LabRegionDown primary closes the primary region's
# application stub, Qdrant nodes and Kubernetes API (connections refused) and freezes its Redis (SIGSTOP: connects,
# never answers); the secondary region stays Ready. Set-LabRegionUp brings everything back with its data, and the
# primary is Ready again. A backup of each collection in each region's store (readiness needs one) is made here and
# removed in AfterAll, which also always brings the region back up.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:regions = Get-LabRegions
    $script:primary = $regions.primary
    $script:apiKey = Get-LabApiKey

    function script:Test-TcpConnect([string] $HostName, [int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.ConnectAsync($HostName, $Port).Wait(2000) } catch { $false } finally { $client.Dispose() }
    }

    function script:Test-RedisAnswer([string] $Endpoint, [int] $TimeoutMilliseconds = 2000) {
        # Any reply counts (without AUTH it is -NOAUTH); a frozen server accepts the connection and says nothing.
        $hostName, $port = $Endpoint -split ':'
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            if (-not $client.ConnectAsync($hostName, [int]$port).Wait($TimeoutMilliseconds)) { return $false }
            $stream = $client.GetStream()
            $stream.ReadTimeout = $TimeoutMilliseconds
            $ping = [Text.Encoding]::ASCII.GetBytes("PING`r`n")
            $stream.Write($ping, 0, $ping.Length)
            $stream.Read([byte[]]::new(64), 0, 64) -gt 0
        }
        catch { $false }
        finally { $client.Dispose() }
    }

    function script:Invoke-RegionKubectl([string] $Region) {
        $kubernetes = $regions.$Region.kubernetes
        $output = & kubectl --kubeconfig $kubernetes.kubeconfig --context $kubernetes.context --request-timeout 5s get nodes --no-headers 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | ForEach-Object { "$_" }) -join "`n" }
    }

    # Readiness needs a restorable backup of each collection in the region's own store, at most the RPO old.
    $script:made = foreach ($name in 'primary', 'secondary') {
        $region = $envr.Region($name)
        $collections = @((Invoke-LabRegionQdrant $name GET 'collections').result.collections | ForEach-Object name)
        foreach ($backup in @(New-QdrantBackup -QdrantUri $region.Qdrant.Rest -GrpcUri $region.Qdrant.Grpc -ApiKey $apiKey `
                    -Collection $collections -Store $region.Store.Location -Confirm:$false)) {
            [pscustomobject]@{ Store = $region.Store.Location; Collection = $backup.Collection; Id = $backup.Id }
        }
    }
    (Wait-RegionVerdict $envr primary).Verdict | Should -Be 'Ready'
}

AfterAll {
    Set-LabRegionUp -Region primary | Out-Null
    foreach ($backup in $made) {
        $folder = Join-Path $backup.Store "qdrant/$($backup.Collection)"
        Remove-Item (Join-Path $folder $backup.Id) -Recurse -Force -ErrorAction SilentlyContinue
        foreach ($empty in @($folder, (Join-Path $backup.Store 'qdrant'), $backup.Store)) {
            if ((Test-Path $empty) -and -not (Get-ChildItem $empty -Force)) { Remove-Item $empty -Force }
        }
    }
}

Describe 'Set-LabRegionDown primary' {
    BeforeAll {
        $script:down = Set-LabRegionDown -Region primary
    }

    It 'reports the region down with every Qdrant node stopped' {
        $down.down | Should -BeTrue
        $down.application | Should -BeFalse
        @($down.nodes | Where-Object running).Count | Should -Be 0
    }

    It 'closes the primary application port (connection refused)' {
        Test-TcpConnect $primary.application.address $primary.application.port | Should -BeFalse
    }

    It 'closes every primary Qdrant node' {
        foreach ($node in $primary.qdrant.nodes) {
            $uri = [Uri]$node.rest
            Test-TcpConnect $uri.Host $uri.Port | Should -BeFalse -Because "node $($node.index) is down"
        }
    }

    It 'makes kubectl --context primary-region get nodes fail to connect' {
        $result = Invoke-RegionKubectl primary

        $result.ExitCode | Should -Not -Be 0
        $result.Text | Should -Match 'connection to the server 127\.0\.0\.1:\d+ was refused|connection refused'
    }

    It 'leaves the primary Redis unanswering for 2 s' {
        Test-RedisAnswer $primary.redis 2000 | Should -BeFalse
    }

    It 'leaves the secondary region usable: no failed check, warnings only about its Redis link (its primary is frozen)' {
        # Degraded, not NotReady: the replica's link to the frozen primary is the expected warning.
        $readiness = Test-DrRegionReadiness -Environment $envr -Region secondary -ErrorAction SilentlyContinue
        $warnings = @($readiness.Checks | Where-Object Status -eq 'Warning' | ForEach-Object { "$($_.Category) $($_.Name): $($_.Observed)" })
        Write-Host "    secondary: $($readiness.Verdict); warnings: $($warnings -join ' | ')"

        "$($readiness.Verdict)" | Should -BeIn @('Ready', 'Degraded')
        @($readiness.Checks | Where-Object Status -eq 'Failed' | ForEach-Object { "$($_.Name): $($_.Observed)" }) | Should -BeNullOrEmpty
        @($readiness.Checks | Where-Object Status -eq 'Warning' | Where-Object { "$($_.Category)" -ne 'Redis' } | ForEach-Object { "$($_.Name): $($_.Observed)" }) | Should -BeNullOrEmpty
        Test-TcpConnect $regions.secondary.application.address $regions.secondary.application.port | Should -BeTrue
        (Invoke-RegionKubectl secondary).ExitCode | Should -Be 0
    }
}

Describe 'Set-LabRegionUp primary' {
    BeforeAll {
        $script:up = Set-LabRegionUp -Region primary
    }

    It 'reports the region up with every node running' {
        $up.down | Should -BeFalse
        @($up.nodes | Where-Object { -not $_.running }).Count | Should -Be 0
    }

    It 'answers again: Redis, Qdrant with its data, kubectl get nodes, the application' {
        Test-RedisAnswer $primary.redis 2000 | Should -BeTrue
        (Invoke-LabRegionQdrant primary GET 'collections').result.collections.name | Should -Contain 'documents'
        (Invoke-LabRegionQdrant primary POST 'collections/documents/points/count' @{ exact = $true }).result.count | Should -BeGreaterThan 0
        $kubectl = Invoke-RegionKubectl primary
        $kubectl.ExitCode | Should -Be 0 -Because $kubectl.Text
        @($kubectl.Text -split "`n" | Where-Object { $_ -match '\sReady\s' }).Count | Should -Be 3
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Test-TcpConnect $primary.application.address $primary.application.port) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        (Invoke-RestMethod "$($primary.application.baseUrl)/health").region | Should -Be 'primary'
    }

    It 'finds the primary region Ready again' {
        $readiness = Wait-RegionVerdict $envr primary

        @($readiness.Checks | Where-Object Status -ne 'Passed' | ForEach-Object { "$($_.Name): $($_.Observed)" }) | Should -BeNullOrEmpty
        $readiness.Verdict | Should -Be 'Ready'
    }
}
