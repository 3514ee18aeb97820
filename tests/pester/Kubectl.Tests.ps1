# The lab's Kubernetes API as the real kubectl sees it (issue 10): TLS verified against the kubeconfig's CA, both the
# token user and the client-certificate user, and the four things an operator does during a restore: get nodes, the
# qdrant StatefulSet with its ready count, its claims, and scale it. The replica count is restored afterwards.
# Then what a configuration restore into another namespace does (issue 11): create a namespace, apply a multi-document
# manifest, see the objects and the Deployment become ready, re-apply a change, delete the namespace.
# Context names come from lab.json (the primary region's context is renamed by the lab's configuration).

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../lab/PubSecLab.psm1') -Force
    $context = (Get-LabConfig).kubernetes.context
    $script:Users = @(
        @{ User = 'the bearer token'; Context = $context }
        @{ User = 'the client certificate'; Context = "$context-certificate" }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # Bootstrap installs kubectl (Debian: kubernetes-client) when none is on PATH, so a missing one is a setup failure.
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH; run dotnet pwsh ./build.ps1 -Task Bootstrap (it installs Debian''s kubernetes-client).'
    }

    $script:KubeConfig = (Get-LabConfig).kubernetes.kubeconfig
    $script:Context = (Get-LabConfig).kubernetes.context

    function script:Invoke-Kubectl {
        [CmdletBinding(PositionalBinding = $false)]
        param([string] $Config = $KubeConfig, [Parameter(Mandatory)] [string] $Context, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        $output = & kubectl --kubeconfig $Config --context $Context --request-timeout 30s @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = @($output | ForEach-Object { "$_" }) }
    }

    function script:Assert-Kubectl {
        [CmdletBinding(PositionalBinding = $false)]
        param([Parameter(Mandatory)] [string] $Context, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        $result = Invoke-Kubectl -Context $Context @Arguments
        if ($result.ExitCode -ne 0) { throw "kubectl $($Arguments -join ' ') exited $($result.ExitCode): $($result.Lines -join "`n")" }
        $result.Lines
    }

    function script:Wait-StatefulSetRow {
        # kubectl's READY column is ready/desired; pods start and stop asynchronously, as in a cluster.
        param([string] $Context, [string] $Ready, [int] $TimeoutSeconds = 90)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        do {
            $row = Assert-Kubectl -Context $Context get statefulset qdrant --no-headers
            if ("$row" -match "^qdrant\s+$([regex]::Escape($Ready))\s") { return "$row" }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        throw "kubectl get statefulset qdrant did not show READY $Ready within $TimeoutSeconds s; last row: $row"
    }

    function script:Wait-ApiDeploymentRow {
        param([string] $Context, [string] $Ready, [int] $TimeoutSeconds = 60)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        do {
            $row = Assert-Kubectl -Context $Context get deployment api --no-headers
            if ("$row" -match "^api\s+$([regex]::Escape($Ready))\s") { return "$row" }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        throw "kubectl get deployment api did not show READY $Ready within $TimeoutSeconds s; last row: $row"
    }

    function script:Test-AppPort {
        # The primary region's application stub listens only while the Deployment api has a ready replica.
        $app = (Get-LabRegion -Name primary).application
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([string]$app.address, [int]$app.port); $true } catch { $false } finally { $client.Dispose() }
    }

    # Tests before this file may have left the set mid-scale; start from the lab's 3/3.
    Wait-StatefulSetRow -Context $Context -Ready '3/3' | Out-Null
}

AfterAll {
    Assert-Kubectl -Context $Context scale deployment api --replicas=2 | Out-Null
    Assert-Kubectl -Context $Context scale statefulset qdrant --replicas=3 | Out-Null
    Wait-StatefulSetRow -Context $Context -Ready '3/3' | Out-Null
}

Describe 'kubectl with the lab kubeconfig as <User>' -ForEach $Users {
    It 'gets the three nodes, Ready' {
        $rows = Assert-Kubectl -Context $Context get nodes --no-headers

        $rows | Should -HaveCount 3
        $rows | ForEach-Object { $_ | Should -Match '^lab-node-[0-2]\s+Ready\s+<none>\s+\S+\s+v1\.' }
    }

    It 'gets the qdrant StatefulSet with 3/3 ready' {
        $rows = Assert-Kubectl -Context $Context get statefulset qdrant

        $rows[0] | Should -Match '^NAME\s+READY\s+AGE$'
        $rows[1] | Should -Match '^qdrant\s+3/3\s+\S+$'
    }

    It 'gets its three PersistentVolumeClaims, Bound' {
        $rows = Assert-Kubectl -Context $Context get pvc --no-headers

        $rows | Should -HaveCount 3
        ($rows | ForEach-Object { ($_ -split '\s+')[0] }) | Should -Be @('qdrant-storage-qdrant-0', 'qdrant-storage-qdrant-1', 'qdrant-storage-qdrant-2')
        $rows | ForEach-Object { $_ | Should -Match '^\S+\s+Bound\s+pvc-\S+\s+10Gi\s+RWO\s' }
    }

    It 'scales the StatefulSet to 2, get shows 2/2, and scales it back to 3/3' {
        try {
            Assert-Kubectl -Context $Context scale statefulset qdrant --replicas=2 | Should -Be 'statefulset.apps/qdrant scaled'
            Wait-StatefulSetRow -Context $Context -Ready '2/2' | Should -Match '^qdrant\s+2/2'
            Assert-Kubectl -Context $Context get statefulset qdrant '--output=jsonpath={.spec.replicas}' | Should -Be '2'
        }
        finally {
            Assert-Kubectl -Context $Context scale statefulset qdrant --replicas=3 | Out-Null
        }

        Wait-StatefulSetRow -Context $Context -Ready '3/3' | Should -Match '^qdrant\s+3/3'
    }

    It 'scales the Deployment api to 0 (its pods go, the app port closes) and back to 2/2 (the port opens)' {
        try {
            Assert-Kubectl -Context $Context scale deployment api --replicas=0 | Should -Be 'deployment.apps/api scaled'
            Wait-ApiDeploymentRow -Context $Context -Ready '0/0' | Should -Match '^api\s+0/0\s+0\s+0\s'
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Assert-Kubectl -Context $Context get pods '--selector=app=api' '--output=name') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
            Assert-Kubectl -Context $Context get pods '--selector=app=api' '--output=name' | Should -BeNullOrEmpty
            Start-Sleep -Milliseconds 300   # the stub checks the Deployment every 100 ms
            Test-AppPort | Should -BeFalse
        }
        finally {
            Assert-Kubectl -Context $Context scale deployment api --replicas=2 | Out-Null
        }

        Wait-ApiDeploymentRow -Context $Context -Ready '2/2' | Should -Match '^api\s+2/2\s+2\s+2\s'
        Assert-Kubectl -Context $Context get deployment api '--output=jsonpath={.spec.replicas}' | Should -Be '2'
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Test-AppPort) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Test-AppPort | Should -BeTrue
    }
}

Describe 'kubectl refusals' {
    It 'refuses the server when the kubeconfig does not carry the lab CA (verification is on)' {
        $noCa = Join-Path $TestDrive 'no-ca.yaml'
        (Get-Content $KubeConfig) | Where-Object { $_ -notmatch 'certificate-authority-data' } | Set-Content $noCa

        $result = Invoke-Kubectl -Config $noCa -Context $Context get nodes

        $result.ExitCode | Should -Not -Be 0
        $result.Lines -join "`n" | Should -Match 'x509|certificate signed by unknown authority'
    }

    It 'is told Unauthorized with a wrong token' {
        $wrong = Join-Path $TestDrive 'wrong-token.yaml'
        (Get-Content $KubeConfig -Raw) -replace 'token: "[^"]+"', 'token: "not-the-lab-token"' | Set-Content $wrong

        $result = Invoke-Kubectl -Config $wrong -Context $Context get nodes

        $result.ExitCode | Should -Not -Be 0
        $result.Lines -join "`n" | Should -Match 'Unauthorized'
    }
}

Describe 'kubectl restoring configuration into a new namespace' {
    BeforeAll {
        $script:Namespace = 'restore-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $script:Manifest = Join-Path $TestDrive 'app.yaml'
        function script:Write-Manifest([int] $Replicas, [string] $LogLevel) {
            @"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: $Replicas
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef: { name: web-config }
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LOG_LEVEL: $LogLevel
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
type: Opaque
stringData:
  password: not-a-real-password
"@ | Set-Content -Path $Manifest
        }

        function script:Wait-DeploymentRow([string] $Ready, [int] $TimeoutSeconds = 60) {
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
            do {
                $row = Assert-Kubectl -Context $Context -n $Namespace get deployment web --no-headers
                if ("$row" -match "^web\s+$([regex]::Escape($Ready))\s") { return "$row" }
                Start-Sleep -Milliseconds 250
            } while ([DateTime]::UtcNow -lt $deadline)
            throw "kubectl get deployment web did not show READY $Ready within $TimeoutSeconds s; last row: $row"
        }
    }

    AfterAll {
        Invoke-Kubectl -Context $Context delete namespace $Namespace --ignore-not-found --wait=false | Out-Null
    }

    It 'creates the namespace' {
        Assert-Kubectl -Context $Context create namespace $Namespace | Should -Be "namespace/$Namespace created"
    }

    It 'applies a Deployment, Service, ConfigMap and Secret from one multi-document file' {
        Write-Manifest -Replicas 2 -LogLevel info

        $lines = Assert-Kubectl -Context $Context -n $Namespace apply --validate=false -f $Manifest

        $lines | Should -Be @('deployment.apps/web created', 'service/web created', 'configmap/web-config created', 'secret/web-secret created')
    }

    It 'gets them all with one kubectl get' {
        $lines = Assert-Kubectl -Context $Context -n $Namespace get 'deploy,svc,cm,secret' --no-headers

        $names = $lines | Where-Object { $_ } | ForEach-Object { ($_ -split '\s+')[0] }
        $names | Should -Contain 'deployment.apps/web'
        $names | Should -Contain 'service/web'
        $names | Should -Contain 'configmap/web-config'
        $names | Should -Contain 'configmap/kube-root-ca.crt'
        $names | Should -Contain 'secret/web-secret'
        ($lines | Where-Object { $_ -match '^service/web\s' }) | Should -Match '^service/web\s+ClusterIP\s+10\.0\.\d+\.\d+\s+<none>\s+80/TCP\s'
    }

    It 'brings the Deployment to READY 2/2' {
        Wait-DeploymentRow -Ready '2/2' | Should -Match '^web\s+2/2\s+2\s+2\s'
    }

    It 're-applies a change as a patch (configured) and the Deployment follows the new replica count' {
        Write-Manifest -Replicas 3 -LogLevel debug

        $lines = Assert-Kubectl -Context $Context -n $Namespace apply --validate=false -f $Manifest

        $lines | Should -Contain 'deployment.apps/web configured'
        $lines | Should -Contain 'configmap/web-config configured'
        $lines | Should -Contain 'service/web unchanged'
        Assert-Kubectl -Context $Context -n $Namespace get configmap web-config '--output=jsonpath={.data.LOG_LEVEL}' | Should -Be 'debug'
        Assert-Kubectl -Context $Context -n $Namespace get deployment web '--output=jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}' | Should -Be '8080'
        Wait-DeploymentRow -Ready '3/3' | Should -Match '^web\s+3/3'
    }

    It 'deletes the namespace and everything in it' {
        Assert-Kubectl -Context $Context delete namespace $Namespace '--timeout=60s' | Should -Be "namespace `"$Namespace`" deleted"

        $result = Invoke-Kubectl -Context $Context get namespace $Namespace
        $result.ExitCode | Should -Not -Be 0
        $result.Lines -join "`n" | Should -Match "namespaces `"$Namespace`" not found"
        $left = Invoke-Kubectl -Context $Context -n $Namespace get 'deploy,svc,cm,secret,pods' --no-headers
        ($left.Lines | Where-Object { $_ -match '^(deployment|service|configmap|secret|pod)' }) | Should -BeNullOrEmpty
    }
}
