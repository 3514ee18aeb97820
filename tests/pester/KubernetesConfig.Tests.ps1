# Configuration backups (issue 11, plan 1.3) against the lab: Backup-DrKubernetesConfig of the primary region's
# namespace with a test certificate, the stored parts as an operator would inspect them (plain YAML without any
# Secret value, openssl cms -decrypt for the Secrets), the catalog and Full integrity, then Restore-DrKubernetesConfig
# into an empty namespace of the secondary region, compared object by object with kubectl.

BeforeDiscovery {
    $labFile = Join-Path $PSScriptRoot '../../out/lab/lab.json'
    $lab = if (Test-Path $labFile) { Get-Content $labFile -Raw | ConvertFrom-Json } else { $null }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH; run dotnet pwsh ./build.ps1 -Task Bootstrap (it installs Debian''s kubernetes-client).'
    }

    $lab = Get-LabConfig
    # After issue 11 the primary region's settings are under regions.primary; the one-region keys point at it too.
    $script:Primary = if ($lab.regions.primary.kubernetes) { $lab.regions.primary.kubernetes } else { $lab.kubernetes }
    $script:Secondary = $lab.regions.secondary.kubernetes
    $script:Namespace = $Primary.namespace
    $script:RestoreNamespace = "pubsec-config-restore-$([Guid]::NewGuid().ToString('N').Substring(0, 6))"
    $script:Owner = New-TestCertificate 'pubsecdr-k8s-config-owner' KeyEncipherment
    $script:Recipient = Get-PublicOnly $Owner
    $script:Store = Join-Path ([IO.Path]::GetTempPath()) "pubsecdr-k8s-config-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory $Store | Out-Null

    function script:Invoke-Kubectl($Region) {
        # A simple function with one parameter: every other word (get, -o, --namespace) goes to kubectl in $args,
        # none binds to a parameter by position or to a common parameter.
        $output = & kubectl --kubeconfig $Region.kubeconfig --context $Region.context --request-timeout 30s @args 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | ForEach-Object { "$_" }) -join "`n" }
    }

    function script:Get-KubectlItems($Region, [string] $TargetNamespace, [string] $Kind) {
        $result = Invoke-Kubectl -Region $Region --namespace $TargetNamespace get $Kind -o json
        if ($result.ExitCode -ne 0) { throw "kubectl get $Kind -n $TargetNamespace exited $($result.ExitCode): $($result.Text)" }
        # What the cluster makes in every namespace is not part of the comparison (nor of the backup).
        @(($result.Text | ConvertFrom-Json).items | Where-Object {
                $_.metadata.name -ne 'kube-root-ca.crt' -and $_.type -ne 'kubernetes.io/service-account-token' } | Sort-Object { $_.metadata.name })
    }

    function script:Get-Shape($Item, [string] $Kind) {
        # The fields a rebuild must reproduce, per kind, as comparable text.
        $shape = switch ($Kind) {
            { $_ -in 'configmaps', 'secrets' } { [ordered]@{ name = $Item.metadata.name; type = $Item.type; data = $Item.data } }
            { $_ -in 'deployments', 'statefulsets' } {
                [ordered]@{ name = $Item.metadata.name; replicas = $Item.spec.replicas; labels = $Item.metadata.labels
                    images = @($Item.spec.template.spec.containers | ForEach-Object { "$($_.name)=$($_.image)" }) }
            }
            'services' {
                [ordered]@{ name = $Item.metadata.name; headless = ($Item.spec.clusterIP -eq 'None'); selector = $Item.spec.selector
                    ports = @($Item.spec.ports | ForEach-Object { "$($_.name):$($_.port)->$($_.targetPort)" }) }
            }
        }
        # Sorted keys, so two equal maps print the same whatever order the server keeps.
        ConvertTo-Json (ConvertTo-SortedObject $shape) -Depth 10 -Compress
    }

    function script:ConvertTo-SortedObject($Value) {
        if ($Value -is [System.Collections.IDictionary]) {
            $sorted = [ordered]@{}
            foreach ($key in ($Value.Keys | Sort-Object)) { $sorted[$key] = ConvertTo-SortedObject $Value[$key] }
            return $sorted
        }
        if ($Value -is [pscustomobject]) {
            $sorted = [ordered]@{}
            foreach ($property in ($Value.PSObject.Properties | Sort-Object Name)) { $sorted[$property.Name] = ConvertTo-SortedObject $property.Value }
            return $sorted
        }
        if ($Value -is [array]) { return , @($Value | ForEach-Object { ConvertTo-SortedObject $_ }) }
        $Value
    }
}

AfterAll {
    if ($Secondary) { Invoke-Kubectl -Region $Secondary delete namespace $RestoreNamespace --ignore-not-found --wait=false | Out-Null }
    if ($Store -and (Test-Path $Store)) { Remove-Item $Store -Recurse -Force }
}

Describe 'Backup-DrKubernetesConfig of the primary namespace' {
    BeforeAll {
        $script:Backup = Backup-DrKubernetesConfig -KubeConfig $Primary.kubeconfig -Context $Primary.context -Namespace $Namespace -Store $Store `
            -EncryptionCertificate $Recipient -Confirm:$false
        $script:PlainPart = $Backup.Parts | Where-Object { $_.Key -like '*/config.yaml' }
        $script:SecretsPart = $Backup.Parts | Where-Object { $_.Key -like '*/secrets.yaml' }
        $script:LiveSecrets = Get-KubectlItems $Primary $Namespace secrets
    }

    It 'refuses to run without a certificate unless -ExcludeSecrets, with KubernetesConfigSecretsNeedCertificate' {
        { Backup-DrKubernetesConfig -KubeConfig $Primary.kubeconfig -Context $Primary.context -Namespace $Namespace -Store $Store -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KubernetesConfigSecretsNeedCertificate,*'
        $excluded = Backup-DrKubernetesConfig -KubeConfig $Primary.kubeconfig -Context $Primary.context -Namespace $Namespace -Store $Store -ExcludeSecrets -Confirm:$false
        @($excluded.Parts).Count | Should -Be 1
        $excluded.SecretsExcluded | Should -BeTrue
        @($excluded.Skipped | Where-Object { $_.Kind -eq 'Secret' -and $_.Reason -like '*ExcludeSecrets*' }).Count | Should -Be $LiveSecrets.Count
    }

    It 'says KubernetesUnreachable when the API server does not answer, and stores nothing' {
        $unreachable = Join-Path $TestDrive 'unreachable-kubeconfig.yaml'
        (Get-Content $Primary.kubeconfig -Raw) -replace 'server:\s*\S+', 'server: https://127.0.0.1:1' | Set-Content $unreachable
        $empty = Join-Path $TestDrive 'unreachable-store'
        { Backup-DrKubernetesConfig -KubeConfig $unreachable -Context $Primary.context -Namespace $Namespace -Store $empty -ExcludeSecrets -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KubernetesUnreachable,*'
        # Nothing but the audit record of the failed attempt.
        @(Get-ChildItem $empty -Recurse -File -ErrorAction Ignore | Where-Object { $_.FullName -notlike "*$([IO.Path]::DirectorySeparatorChar)audit$([IO.Path]::DirectorySeparatorChar)*" }).Count | Should -Be 0
    }

    It 'records the namespace, the context, the counts per kind and what it skipped' {
        $Backup.Status | Should -Be 'Succeeded'
        $Backup.Kind | Should -Be 'KubernetesConfig'
        $Backup.Namespace | Should -Be $Namespace
        $Backup.Context | Should -Be $Primary.context
        $Backup.Server | Should -Match '^https://'
        foreach ($kind in @{ Deployment = 'deployments'; StatefulSet = 'statefulsets'; Service = 'services'; ConfigMap = 'configmaps'; Secret = 'secrets' }.GetEnumerator()) {
            $Backup.ObjectCounts[$kind.Key] | Should -Be (Get-KubectlItems $Primary $Namespace $kind.Value).Count -Because $kind.Key
        }
        @($Backup.Skipped | Where-Object Kind -eq 'Pod').Count | Should -BeGreaterThan 0
        @($Backup.Skipped | Where-Object Kind -eq 'Pod' | Where-Object Reason -notlike 'owned by *').Count | Should -Be 0
        $Backup.Skipped | Where-Object { $_.Kind -eq 'ConfigMap' -and $_.Name -eq 'kube-root-ca.crt' } | Should -Not -BeNullOrEmpty
    }

    It 'stores a plain YAML that holds no Secret value, neither base64 nor decoded' {
        $plain = Get-Content (Join-Path $Store $PlainPart.Key) -Raw
        $plain | Should -Not -Match '(?m)^kind: Secret$'
        $plain | Should -Not -Match 'resourceVersion|managedFields|uid:|creationTimestamp'
        $values = @($LiveSecrets | ForEach-Object { $_.data.PSObject.Properties.Value } | Where-Object { $_.Length -ge 4 })
        $values.Count | Should -BeGreaterThan 0
        foreach ($value in $values) {
            $plain.Contains($value) | Should -BeFalse
            $plain.Contains([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($value))) | Should -BeFalse
        }
    }

    It 'stores the Secrets as CMS that openssl cms -decrypt opens, to the manifest''s plaintext SHA-256' {
        $SecretsPart.Encryption.Format | Should -Be 'cms-enveloped-data'
        $dir = Join-Path $Store 'openssl'
        New-Item -ItemType Directory $dir -Force | Out-Null
        Set-Content (Join-Path $dir 'cert.pem') $Owner.ExportCertificatePem()
        Set-Content (Join-Path $dir 'key.pem') ([System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Owner).ExportPkcs8PrivateKeyPem())
        $out = Join-Path $dir 'secrets.yaml'
        & openssl cms -decrypt -inform DER -binary -in (Join-Path $Store $SecretsPart.Key) -out $out -recip (Join-Path $dir 'cert.pem') -inkey (Join-Path $dir 'key.pem')
        $LASTEXITCODE | Should -Be 0
        (Get-FileHash $out -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $SecretsPart.Sha256
        $opened = Get-Content $out -Raw
        foreach ($secret in $LiveSecrets) { $opened | Should -Match "(?m)^  name: $([regex]::Escape($secret.metadata.name))$" }
        Remove-Item $dir -Recurse -Force
    }

    It 'is listed by Get-DrBackup -Kind KubernetesConfig and passes Test-BackupIntegrity -Level Full' {
        $listed = Get-DrBackup -Store $Store -Kind KubernetesConfig -Id $Backup.Id
        $listed.Namespace | Should -Be $Namespace
        $report = $listed | Test-BackupIntegrity -Level Full -DecryptionCertificate $Owner
        $report.Verdict | Should -Be 'Passed'
        @($report.Checks | Where-Object { $_.Name -eq 'KubernetesConfigYaml' -and $_.Passed }).Count | Should -Be 2
    }

    It 'previews a restore over the live namespace it came from as every object left unchanged' {
        $preview = @($Backup | Restore-DrKubernetesConfig -KubeConfig $Primary.kubeconfig -Context $Primary.context -DecryptionCertificate $Owner -WhatIf)
        $preview.Count | Should -Be ($Backup.ObjectCount + 1)
        @($preview | Where-Object Action -ne 'Unchanged') | Should -BeNullOrEmpty
        @($preview | Where-Object { -not $_.WhatIf }) | Should -BeNullOrEmpty
    }
}

Describe 'Restore-DrKubernetesConfig into an empty namespace of the secondary region' {
    BeforeAll {
        $script:Backup = Backup-DrKubernetesConfig -KubeConfig $Primary.kubeconfig -Context $Primary.context -Namespace $Namespace -Store $Store `
            -EncryptionCertificate $Recipient -Confirm:$false
        $script:RestoreParameters = @{ KubeConfig = $Secondary.kubeconfig; Context = $Secondary.context; Namespace = $RestoreNamespace; DecryptionCertificate = $Owner }
        (Invoke-Kubectl -Region $Secondary get namespace $RestoreNamespace).Text | Should -Match 'NotFound|not found' -Because 'the target namespace must start empty'
    }

    It '-WhatIf lists every object as one it would create, and creates nothing' {
        $preview = @($Backup | Restore-DrKubernetesConfig @RestoreParameters -WhatIf)
        $preview.Count | Should -Be ($Backup.ObjectCount + 1)
        @($preview | Where-Object { $_.Action -ne 'Created' -or -not $_.WhatIf }) | Should -BeNullOrEmpty
        (Invoke-Kubectl -Region $Secondary get namespace $RestoreNamespace).Text | Should -Match 'NotFound|not found'
    }

    It 'creates the namespace and every object, and kubectl shows the same <_> there' -ForEach @('deployments', 'statefulsets', 'services', 'configmaps', 'secrets') {
        if (-not $script:Restored) {
            $script:Restored = @($Backup | Restore-DrKubernetesConfig @RestoreParameters -Confirm:$false)
            @($Restored | Where-Object Action -ne 'Created') | Should -BeNullOrEmpty
        }

        $kind = $_
        $expected = @(Get-KubectlItems $Primary $Namespace $kind | ForEach-Object { Get-Shape $_ $kind })
        $actual = @(Get-KubectlItems $Secondary $RestoreNamespace $kind | ForEach-Object { Get-Shape $_ $kind })
        $expected.Count | Should -BeGreaterThan 0
        $actual | Should -Be $expected
    }

    It 'leaves everything Unchanged when run a second time' {
        $again = @($Backup | Restore-DrKubernetesConfig @RestoreParameters -Confirm:$false)
        $again.Count | Should -Be ($Backup.ObjectCount + 1)
        @($again | Where-Object Action -ne 'Unchanged') | Should -BeNullOrEmpty
    }

    It 'names a changed field under -WhatIf without changing it, then replaces only that object' {
        (Invoke-Kubectl -Region $Secondary --namespace $RestoreNamespace patch configmap api-config --type merge -p '{"data":{"LOG_LEVEL":"debug"}}').ExitCode |
            Should -Be 0

        $preview = @($Backup | Restore-DrKubernetesConfig @RestoreParameters -WhatIf)
        $changed = @($preview | Where-Object Action -ne 'Unchanged')
        $changed.Count | Should -Be 1
        $changed[0].Name | Should -Be 'api-config'
        $changed[0].Action | Should -Be 'Replaced'
        $changed[0].DifferingFields | Should -Be @('data.LOG_LEVEL')
        ((Invoke-Kubectl -Region $Secondary --namespace $RestoreNamespace get configmap api-config -o json).Text | ConvertFrom-Json).data.LOG_LEVEL | Should -Be 'debug'

        $applied = @($Backup | Restore-DrKubernetesConfig @RestoreParameters -Confirm:$false)
        @($applied | Where-Object Action -eq 'Replaced').Name | Should -Be @('api-config')
        ((Invoke-Kubectl -Region $Secondary --namespace $RestoreNamespace get configmap api-config -o json).Text | ConvertFrom-Json).data.LOG_LEVEL |
            Should -Be ((Get-KubectlItems $Primary $Namespace configmaps | Where-Object { $_.metadata.name -eq 'api-config' }).data.LOG_LEVEL)
    }
}
