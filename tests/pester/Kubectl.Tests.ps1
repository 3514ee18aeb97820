# The lab's Kubernetes API as the real kubectl sees it (issue 10): TLS verified against the kubeconfig's CA, both the
# token user and the client-certificate user, and the four things an operator does during a restore: get nodes, the
# qdrant StatefulSet with its ready count, its claims, and scale it. The replica count is restored afterwards.

BeforeDiscovery {
    $script:Users = @(
        @{ User = 'the bearer token'; Context = 'pubsec-lab' }
        @{ User = 'the client certificate'; Context = 'pubsec-lab-certificate' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # Bootstrap installs kubectl (Debian: kubernetes-client) when none is on PATH, so a missing one is a setup failure.
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH; run dotnet pwsh ./build.ps1 -Task Bootstrap (it installs Debian''s kubernetes-client).'
    }

    $script:KubeConfig = (Get-LabConfig).kubernetes.kubeconfig

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

    # Tests before this file may have left the set mid-scale; start from the lab's 3/3.
    Wait-StatefulSetRow -Context 'pubsec-lab' -Ready '3/3' | Out-Null
}

AfterAll {
    Assert-Kubectl -Context 'pubsec-lab' scale statefulset qdrant --replicas=3 | Out-Null
    Wait-StatefulSetRow -Context 'pubsec-lab' -Ready '3/3' | Out-Null
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
}

Describe 'kubectl refusals' {
    It 'refuses the server when the kubeconfig does not carry the lab CA (verification is on)' {
        $noCa = Join-Path $TestDrive 'no-ca.yaml'
        (Get-Content $KubeConfig) | Where-Object { $_ -notmatch 'certificate-authority-data' } | Set-Content $noCa

        $result = Invoke-Kubectl -Config $noCa -Context 'pubsec-lab' get nodes

        $result.ExitCode | Should -Not -Be 0
        $result.Lines -join "`n" | Should -Match 'x509|certificate signed by unknown authority'
    }

    It 'is told Unauthorized with a wrong token' {
        $wrong = Join-Path $TestDrive 'wrong-token.yaml'
        (Get-Content $KubeConfig -Raw) -replace 'token: "[^"]+"', 'token: "not-the-lab-token"' | Set-Content $wrong

        $result = Invoke-Kubectl -Config $wrong -Context 'pubsec-lab' get nodes

        $result.ExitCode | Should -Not -Be 0
        $result.Lines -join "`n" | Should -Match 'Unauthorized'
    }
}
