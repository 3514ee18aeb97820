# Update-DrSecret against the lab (issue 13, plan scenario 4 "rotate all secrets"): a Secret the app stub reads its
# API keys from gets new random values, the app accepts the new key and refuses the old one, and no value reaches the
# output; -WhatIf writes nothing; a missing key has its error id; without -Name the environment's apiKeySecret is used.
# Each test works on its own Secret (created with kubectl, deleted afterwards): app-api-keys itself is never rotated.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    $script:LabEnvironment = Import-LabDrEnvironment
    $script:Kube = (Get-LabRegion primary).kubernetes
    $script:Namespace = $LabEnvironment.Region('primary').Kubernetes.Namespace
    $script:Made = [Collections.Generic.List[string]]::new()
    $script:Query = [Uri]::new($LabEnvironment.Region('primary').Application.BaseUrl, 'api/v1/query?query=document')

    function Invoke-Kubectl {
        $output = & kubectl --kubeconfig $Kube.kubeconfig --context $Kube.context --namespace $Namespace --request-timeout 30s @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "kubectl $($args -join ' ') failed: $output" }
        $output
    }

    function New-KeySecret([string] $Value) {
        # A Secret the app stub takes keys from (label app.pubsec/api-keys=true), with one key and one other value.
        $name = "rotation-test-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
        Invoke-Kubectl create secret generic $name "--from-literal=client-key=$Value" '--from-literal=note=kept' | Out-Null
        Invoke-Kubectl label secret $name 'app.pubsec/api-keys=true' | Out-Null
        $Made.Add($name)
        $name
    }

    function Get-SecretValue([string] $Name, [string] $Key) {
        $secret = Invoke-Kubectl get secret $Name -o json | ConvertFrom-Json
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($secret.data.$Key))
    }

    function Get-ResourceVersion([string] $Name) { Invoke-Kubectl get secret $Name -o 'jsonpath={.metadata.resourceVersion}' }

    function Get-AppStatus([string] $Key) {
        # The status the app stub answers a query carrying this key with (401: refused).
        (Invoke-WebRequest -Uri $Query -Headers @{ 'X-Api-Key' = $Key } -SkipHttpErrorCheck -TimeoutSec 10).StatusCode
    }
}

AfterAll {
    foreach ($name in $Made) { & kubectl --kubeconfig $Kube.kubeconfig --context $Kube.context --namespace $Namespace delete secret $name --ignore-not-found 2>&1 | Out-Null }
}

Describe 'Update-DrSecret' {
    It 'gives every key a new random value, the app accepts the new key and refuses the old, and the output shows no value' {
        $old = "old-key-$([Guid]::NewGuid().ToString('N'))"
        $name = New-KeySecret $old
        Get-AppStatus $old | Should -Not -Be 401 -Because 'the app takes keys from every labelled Secret'

        $rotation = Update-DrSecret -Environment $LabEnvironment -Region primary -Name $name -Confirm:$false -ErrorVariable failures

        $failures | Should -BeNullOrEmpty
        $rotation.PSObject.TypeNames | Should -Contain 'PubSec.Dr.SecretRotation'
        $rotation.Namespace | Should -Be $Namespace
        $rotation.Name | Should -Be $name
        $rotation.Type | Should -Be 'Opaque'
        ($rotation.Keys | Sort-Object) | Should -Be @('client-key', 'note')
        $rotation.ResourceVersion | Should -Be (Get-ResourceVersion $name)
        $rotation.PreviousResourceVersion | Should -Not -Be $rotation.ResourceVersion
        $new = Get-SecretValue $name 'client-key'
        $new | Should -Match '^[A-Za-z0-9_-]{43}$'
        Get-SecretValue $name 'note' | Should -Not -Be 'kept'
        Get-AppStatus $new | Should -Not -Be 401
        Get-AppStatus $old | Should -Be 401
        $shown = ($rotation | ConvertTo-Json) + ($rotation | Format-Table | Out-String) + "$rotation"
        $shown | Should -Not -Match ([regex]::Escape($new))
        (Invoke-Kubectl get secret $name -o 'jsonpath={.metadata.labels.app\.pubsec/api-keys}') | Should -Be 'true'
    }

    It '-Key rotates only the named keys; a key the Secret lacks is SecretKeyNotFound (not terminating) and writes nothing' {
        $name = New-KeySecret "old-key-$([Guid]::NewGuid().ToString('N'))"

        $rotation = Update-DrSecret -Environment $LabEnvironment -Region primary -Name $name -Key note -Confirm:$false
        $version = Get-ResourceVersion $name
        Update-DrSecret -Environment $LabEnvironment -Region primary -Name $name -Key note, jwt -Confirm:$false -ErrorVariable missing -ErrorAction SilentlyContinue

        $rotation.Keys | Should -Be @('note')
        Get-SecretValue $name 'client-key' | Should -BeLike 'old-key-*'
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'SecretKeyNotFound,*'
        "$($missing[0].Exception.Message)" | Should -Match "'jwt'"
        Get-ResourceVersion $name | Should -Be $version
    }

    It '-WhatIf writes nothing' {
        $name = New-KeySecret "old-key-$([Guid]::NewGuid().ToString('N'))"
        $version = Get-ResourceVersion $name

        $output = Update-DrSecret -Environment $LabEnvironment -Region primary -Name $name -WhatIf

        $output | Should -BeNullOrEmpty
        Get-ResourceVersion $name | Should -Be $version
    }

    It 'without -Name takes the environment''s apiKeySecret, and without either is ParameterRequired' {
        $LabEnvironment.Region('primary').Application.ApiKeySecret | Should -Be 'app-api-keys'
        $version = Get-ResourceVersion 'app-api-keys'

        { Update-DrSecret -Environment $LabEnvironment -Region primary -WhatIf } | Should -Not -Throw
        $noName = { Update-DrSecret -KubeConfig $Kube.kubeconfig -Context $Kube.context -WhatIf } | Should -Throw -PassThru
        Update-DrSecret -Environment $LabEnvironment -Region primary -Name 'no-such-secret' -Confirm:$false -ErrorVariable noSecret -ErrorAction SilentlyContinue

        Get-ResourceVersion 'app-api-keys' | Should -Be $version -Because '-WhatIf on the production Secret writes nothing'
        $noName.FullyQualifiedErrorId | Should -BeLike 'ParameterRequired,*' -Because 'a missing -Name is a failed precondition (terminating)'
        $noSecret[0].FullyQualifiedErrorId | Should -BeLike 'SecretNotFound,*'
    }
}
