# The lab's two regions (issue 11): each a Qdrant cluster with its own Kubernetes API and an application stub on its
# own loopback address (primary 127.0.0.2, secondary 127.0.0.3, one port). A drill sees a region's app go away
# (admin stop, or a dependency down) and come back. Everything stopped here is started again, in AfterAll too.

BeforeAll {
    # Only the lab helpers: these tests drive the lab itself, no cmdlet of the module.
    Import-Module (Join-Path $PSScriptRoot '../lab/PubSecLab.psm1') -Force
    $script:Lab = Get-LabConfig
    $script:Regions = @{ primary = Get-LabRegion -Name primary; secondary = Get-LabRegion -Name secondary }

    function script:Invoke-App([string] $Region, [string] $Path) {
        $response = Invoke-WebRequest ($Regions[$Region].application.baseUrl + $Path) -SkipHttpErrorCheck -TimeoutSec 15
        [pscustomobject]@{
            Status = [int]$response.StatusCode
            Region = "$($response.Headers['X-PubSec-Region'])"
            Body   = $response.Content | ConvertFrom-Json
        }
    }

    function script:Test-AppPort([string] $Region) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect($Regions[$Region].application.address, $Regions[$Region].application.port); $true }
        catch [System.Net.Sockets.SocketException] { $false }
        catch { if ($_.Exception.InnerException -is [System.Net.Sockets.SocketException]) { $false } else { throw } }
        finally { $client.Dispose() }
    }

    function script:Invoke-SecondaryKubectl {
        $output = & kubectl --kubeconfig $Lab.kubernetes.kubeconfig --context secondary-region --request-timeout 30s @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "kubectl $($args -join ' ') exited $LASTEXITCODE`: $($output -join "`n")" }
        $output
    }

    function script:Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 20) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for $What." }
            Start-Sleep -Milliseconds 200
        }
    }
}

AfterAll {
    & kubectl --kubeconfig $Lab.kubernetes.kubeconfig --context secondary-region patch deployment api --type merge -p '{"spec":{"replicas":2}}' 2>&1 | Out-Null
    Invoke-LabAdmin POST 'lab/nodes/1/start' -Region secondary -ErrorAction Ignore | Out-Null
    Invoke-LabAdmin POST 'lab/app/start' -Region secondary -ErrorAction Ignore | Out-Null
}

Describe 'The lab''s regions' {
    It 'are two Qdrant clusters that both answer with the lab''s API key' {
        foreach ($name in 'primary', 'secondary') {
            $Regions[$name].qdrant.nodes | Should -HaveCount 3
            foreach ($node in $Regions[$name].qdrant.nodes) {
                (Invoke-RestMethod "$($node.rest)/collections" -Headers @{ 'api-key' = $Regions[$name].qdrant.apiKey }).status | Should -Be 'ok'
            }
        }
        $Regions.secondary.qdrant.nodes.rest | Should -Not -BeIn $Regions.primary.qdrant.nodes.rest
        # lab.json's historical keys still describe the primary.
        $Lab.qdrant.admin | Should -Be $Regions.primary.qdrant.admin
        $Lab.kubernetes.context | Should -Be 'primary-region'
    }

    It 'serve the <Region> app on <Address> with its own region header' -TestCases @(
        @{ Region = 'primary'; Address = '127.0.0.2' }
        @{ Region = 'secondary'; Address = '127.0.0.3' }
    ) {
        $Regions[$Region].application.address | Should -Be $Address
        $Regions[$Region].application.port | Should -Be $Regions.primary.application.port

        $health = Invoke-App $Region '/health'
        $health.Status | Should -Be 200
        $health.Region | Should -Be $Region
        $health.Body.region | Should -Be $Region

        $ready = Invoke-App $Region '/ready'
        $ready.Status | Should -Be 200
        $ready.Region | Should -Be $Region

        $query = Invoke-App $Region '/api/v1/query?query=document'
        $query.Status | Should -Be 200
        $query.Region | Should -Be $Region
        $query.Body.region | Should -Be $Region
        $query.Body.results | Should -HaveCount 5
        $query.Body.answer | Should -Be $query.Body.results[0].title
        # LabStart seeds "documents" in both regions (the drill may re-seed the primary's with more points).
        $query.Body.results.title | ForEach-Object { $_ | Should -Match '^document \d+$' }
    }

    It 'close the secondary app''s port on /lab/app/stop and reopen it on /lab/app/start' {
        (Invoke-LabAdmin POST 'lab/app/stop' -Region secondary).listening | Should -BeFalse
        Test-AppPort secondary | Should -BeFalse
        (Invoke-App primary '/health').Status | Should -Be 200

        (Invoke-LabAdmin POST 'lab/app/start' -Region secondary).listening | Should -BeTrue
        Test-AppPort secondary | Should -BeTrue
        (Invoke-App secondary '/health').Status | Should -Be 200
    }

    It 'refuse the secondary app while its Deployment api is scaled to 0, as a Service without endpoints' {
        # Needs Deployment writes in the Kubernetes lab (lab-k8s branch); `kubectl scale deployment` has no scale
        # subresource there yet, so the replicas are patched.
        try {
            Invoke-SecondaryKubectl patch deployment api --type merge -p '{"spec":{"replicas":0}}' | Out-Null
            Wait-Until { -not (Test-AppPort secondary) } 'the secondary app to close its port'
            Test-AppPort primary | Should -BeTrue
        } finally {
            Invoke-SecondaryKubectl patch deployment api --type merge -p '{"spec":{"replicas":2}}' | Out-Null
        }
        Wait-Until { Test-AppPort secondary } 'the secondary app to open again'
        (Invoke-App secondary '/health').Status | Should -Be 200
    }

    It 'report the secondary not ready while one of its Qdrant nodes is stopped' {
        Invoke-LabAdmin POST 'lab/nodes/1/stop' -Region secondary | Out-Null
        try {
            $ready = Invoke-App secondary '/ready'
            $ready.Status | Should -Be 503
            $ready.Region | Should -Be 'secondary'
            $ready.Body.status | Should -Be 'not-ready'
            $ready.Body.failing | Should -HaveCount 1
            $ready.Body.failing[0] | Should -BeLike 'qdrant node 1 *'
            (Invoke-App secondary '/api/v1/query?query=document').Status | Should -Be 503
            (Invoke-App primary '/ready').Status | Should -Be 200
        } finally {
            Invoke-LabAdmin POST 'lab/nodes/1/start' -Region secondary | Out-Null
        }
        Wait-Until { (Invoke-App secondary '/ready').Status -eq 200 } 'the secondary to be ready again'
    }

    It 'are both reachable with kubectl through the merged kubeconfig' {
        # Needs the emulator's --kube-context argument (lab-k8s branch); the merged file itself is written by LabStart.
        foreach ($context in 'secondary-region', 'primary-region', 'secondary-region-certificate') {
            $rows = & kubectl --kubeconfig $Lab.kubernetes.kubeconfig --context $context --request-timeout 30s get sts 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($rows -join "`n")
            ($rows -join "`n") | Should -Match 'qdrant\s+3/3'
        }
        $uids = foreach ($context in 'primary-region', 'secondary-region') {
            & kubectl --kubeconfig $Lab.kubernetes.kubeconfig --context $context get sts qdrant -o 'jsonpath={.metadata.uid}'
        }
        $uids[0] | Should -Not -Be $uids[1]
    }

    It 'are described in dr-environment.json without any secret value' {
        $path = Get-LabEnvironmentPath
        $text = Get-Content $path -Raw
        $environment = $text | ConvertFrom-Json
        $environment.regions.primary.kubernetes.kubeconfig | Should -Be 'kubeconfig.yaml'
        $environment.regions.secondary.kubernetes.context | Should -Be 'secondary-region'
        $environment.regions.secondary.application.baseUrl | Should -Be $Regions.secondary.application.baseUrl
        $environment.regions.secondary.redis.endpoint | Should -Be $Lab.redis.replica
        $environment.regions.secondary.store.location | Should -Be 'backups-secondary'
        $environment.service.publicUrl | Should -Be "http://pubsec-info-assistant.com:$($Regions.primary.application.port)"
        $text | Should -Not -Match ([regex]::Escape($Lab.qdrant.apiKey))
        $text | Should -Not -Match ([regex]::Escape($Lab.redis.password))

        Set-LabEnvironmentVariables
        $env:PUBSECDR_LAB_QDRANT_API_KEY | Should -Be $Lab.qdrant.apiKey
        $env:PUBSECDR_LAB_REDIS_PASSWORD | Should -Be $Lab.redis.password
    }
}
