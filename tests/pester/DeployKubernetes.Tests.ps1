# deploy/kubernetes/ as an operator ships it (issue 14 item 2): `kubectl apply -f deploy/kubernetes/` against the lab's
# Kubernetes API, then every object read back with `kubectl get -o json`: each CronJob on the plan's schedule, never
# overlapping, running as the runbooks' ServiceAccount a script the module ships; the Role grants exactly the calls
# Restore-QdrantCluster -ResetVolumes and Backup-DrKubernetesConfig make, in the application's namespace only.
# Everything applied is deleted afterwards, so later tests see the lab as seeded.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH; run dotnet pwsh ./build.ps1 -Task Bootstrap (it installs Debian''s kubernetes-client).'
    }

    $script:Manifests = Join-Path $RepoRoot 'deploy/kubernetes'
    $script:KubeConfig = (Get-LabConfig).kubernetes.kubeconfig
    $script:Context = (Get-LabConfig).kubernetes.context
    $script:AppNamespace = 'pubsec-info-assistant'

    function script:Invoke-Kubectl {
        # $args, not a parameter: kubectl's short flags (-f, -n) must reach kubectl, not PowerShell's binder.
        $output = & kubectl --kubeconfig $KubeConfig --context $Context --request-timeout 30s @args 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = (@($output | ForEach-Object { "$_" }) -join "`n") }
    }

    function script:Get-KubeJson([string[]] $Arguments) {
        $result = Invoke-Kubectl get @Arguments --output=json
        if ($result.ExitCode -ne 0) { throw "kubectl get $($Arguments -join ' ') exited $($result.ExitCode): $($result.Text)" }
        $result.Text | ConvertFrom-Json -Depth 50
    }

    # --validate=false: the lab serves no OpenAPI document for kubectl's client-side schema check (as in
    # Kubectl.Tests.ps1); the API server's own checks still apply, and every field is read back below.
    $script:FirstApply = Invoke-Kubectl apply --validate=false -f $Manifests
}

AfterAll {
    # The namespace takes its CronJobs and ServiceAccount with it; the Role and RoleBinding live in the application's.
    Invoke-Kubectl delete -f $Manifests --ignore-not-found --wait=false | Out-Null
}

Describe 'kubectl apply -f deploy/kubernetes/' {
    It 'creates every object without an error' {
        $FirstApply.ExitCode | Should -Be 0 -Because $FirstApply.Text
        $FirstApply.Text | Should -Match 'namespace/pubsec-dr (created|unchanged)'
        $FirstApply.Text | Should -Match 'role.rbac.authorization.k8s.io/pubsec-dr-runbooks (created|unchanged)'
        @([regex]::Matches($FirstApply.Text, 'cronjob.batch/pubsec-dr-\S+ (created|unchanged)')).Count | Should -Be 5
    }

    It 'is idempotent: a second apply changes nothing' {
        $again = Invoke-Kubectl apply --validate=false -f $Manifests
        $again.ExitCode | Should -Be 0 -Because $again.Text
        $again.Text | Should -Not -Match '\b(created|configured)\b' -Because $again.Text
    }

    It 'schedules <Name> at "<Schedule>", never two at once, as the runbooks'' ServiceAccount, running <Script>' -ForEach @(
        @{ Name = 'pubsec-dr-qdrant-backup'; Schedule = '0 */6 * * *'; Script = 'Invoke-DrQdrantBackupRunbook.ps1' }
        @{ Name = 'pubsec-dr-redis-backup'; Schedule = '30 1 * * *'; Script = 'Invoke-DrRedisBackupRunbook.ps1' }
        @{ Name = 'pubsec-dr-integrity'; Schedule = '0 4 * * *'; Script = 'Invoke-DrIntegrityRunbook.ps1' }
        @{ Name = 'pubsec-dr-restore-test'; Schedule = '0 5 * * 6'; Script = 'Invoke-DrRestoreTestRunbook.ps1' }
        @{ Name = 'pubsec-dr-drill'; Schedule = '0 2 1-7 * *'; Script = 'Invoke-DrDrillRunbook.ps1' }) {
        $job = Get-KubeJson cronjob, $Name, '-n', 'pubsec-dr'

        $job.spec.schedule | Should -Be $Schedule
        $job.spec.timeZone | Should -Be 'Etc/UTC'
        $job.spec.concurrencyPolicy | Should -Be 'Forbid'
        $pod = $job.spec.jobTemplate.spec.template.spec
        $pod.serviceAccountName | Should -Be 'pubsec-dr-runbooks'
        $pod.restartPolicy | Should -Be 'Never'
        $container = @($pod.containers)[0]
        Split-Path -Leaf @($container.args)[0] | Should -Be $Script
        Join-Path $RepoRoot "scripts/$Script" | Should -Exist -Because 'a CronJob runs a runbook the module ships'
        ($container.envFrom | Where-Object { $_.secretRef }).secretRef.name | Should -Be 'pubsec-dr-secrets'
        ($container.env | Where-Object name -EQ 'PUBSECDR_ENVIRONMENT').value | Should -Be '/etc/pubsec-dr/environment.json'
        ($pod.volumes | Where-Object name -EQ 'environment').configMap.name | Should -Be 'pubsec-dr-environment'
    }

    It 'runs the drill only on the first Sunday: the CronJob passes -FirstSundayOnly' {
        $job = Get-KubeJson cronjob, 'pubsec-dr-drill', '-n', 'pubsec-dr'
        @($job.spec.jobTemplate.spec.template.spec.containers)[0].args | Should -Contain '-FirstSundayOnly'
    }

    It 'binds the Role in the application''s namespace to the runbooks'' ServiceAccount, and to nothing else' {
        $account = Get-KubeJson serviceaccount, 'pubsec-dr-runbooks', '-n', 'pubsec-dr'
        $account.metadata.name | Should -Be 'pubsec-dr-runbooks'
        $binding = Get-KubeJson rolebinding, 'pubsec-dr-runbooks', '-n', $AppNamespace

        $binding.roleRef.kind | Should -Be 'Role'
        $binding.roleRef.name | Should -Be 'pubsec-dr-runbooks'
        @($binding.subjects).Count | Should -Be 1
        $binding.subjects[0].kind | Should -Be 'ServiceAccount'
        $binding.subjects[0].name | Should -Be 'pubsec-dr-runbooks'
        $binding.subjects[0].namespace | Should -Be 'pubsec-dr'
    }

    It 'grants exactly what a volume reset and a configuration backup call, with no wildcard and no write beyond them' {
        $role = Get-KubeJson role, 'pubsec-dr-runbooks', '-n', $AppNamespace
        $grants = @(foreach ($rule in $role.rules) {
                foreach ($group in $rule.apiGroups) { foreach ($resource in $rule.resources) { foreach ($verb in $rule.verbs) { "$group/$resource/$verb" } } }
            })

        $grants | Should -Not -Match '\*' -Because 'least privilege names every resource and verb'
        # Restore-QdrantCluster -ResetVolumes: read the set, scale it through the subresource, watch pods, delete claims.
        foreach ($needed in 'apps/statefulsets/get', 'apps/statefulsets/scale/patch', '/pods/list', '/persistentvolumeclaims/list', '/persistentvolumeclaims/delete') {
            $grants | Should -Contain $needed
        }
        # Backup-DrKubernetesConfig lists every kind a rebuild needs (and pods/replicasets to report them skipped).
        foreach ($kind in '/serviceaccounts', 'rbac.authorization.k8s.io/roles', 'rbac.authorization.k8s.io/rolebindings', '/configmaps', '/secrets',
            '/persistentvolumeclaims', 'apps/statefulsets', 'apps/deployments', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs', '/services',
            'networking.k8s.io/ingresses', 'autoscaling/horizontalpodautoscalers', '/pods', 'apps/replicasets') {
            $grants | Should -Contain "$kind/list"
        }
        $writes = @($grants | Where-Object { $_ -match '/(create|update|patch|delete|deletecollection)$' } | Sort-Object)
        $writes | Should -Be @('/persistentvolumeclaims/delete', 'apps/statefulsets/scale/patch')
    }

    It 'grants nothing outside the application''s namespace: no ClusterRole or ClusterRoleBinding is shipped' {
        $kinds = Get-ChildItem $Manifests -Filter '*.yaml' | Get-Content | Select-String '^kind:\s*(\S+)' | ForEach-Object { $_.Matches[0].Groups[1].Value }
        $kinds | Should -Not -Contain 'ClusterRole'
        $kinds | Should -Not -Contain 'ClusterRoleBinding'
        $kinds | Should -Not -Contain 'Secret' -Because 'the Secret holds real credentials; the operator creates it, the repository never holds one'
    }
}
