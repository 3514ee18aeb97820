# Dot-sourced by the drill tests: a drill run in a child pwsh and killed once its ledger shows what the test waits
# for, so the next drill finds a killed drill's leftovers. Needs TestSetup.ps1 ($ModuleManifest, $RepoRoot).

function Stop-DrillWhenLedger {
    # Starts Invoke-DrDrill -Scenario $Scenario on the environment file in a child pwsh, polls the drill's ledger under
    # $Store until $Ready (given the parsed ledger) is true, SIGKILLs the child and returns the ledger with the pid.
    param([Parameter(Mandatory)] [string] $EnvironmentPath, [Parameter(Mandatory)] [string] $EnvironmentName, [Parameter(Mandatory)] [string] $Store,
        [Parameter(Mandatory)] [string] $Scenario, [Parameter(Mandatory)] [scriptblock] $Ready, [int] $TimeoutSeconds = 180)
    $childScript = Join-Path ([IO.Path]::GetTempPath()) "drill-child-$([Guid]::NewGuid().ToString('N').Substring(0, 8)).ps1"
    Set-Content $childScript @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
Import-Module '$(Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1')'
Set-LabEnvironmentVariables
Invoke-DrDrill -Environment (Import-DrEnvironment -Path '$EnvironmentPath') -Scenario $Scenario -Confirm:`$false -ProgressAction SilentlyContinue
"@
    try {
        # The real pwsh (dotnet pwsh.dll), not the `dotnet pwsh` launcher, which would leave its child running when killed.
        $info = [Diagnostics.ProcessStartInfo]::new([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $childScript) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $child = [Diagnostics.Process]::Start($info)
        $childOut = $child.StandardOutput.ReadToEndAsync()
        $childErr = $child.StandardError.ReadToEndAsync()

        $running = Join-Path $Store "drills/$EnvironmentName/running"
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $ledger = $null
        while (-not $ledger) {
            if ($child.HasExited) { throw "The drill ended (exit $($child.ExitCode)) before the ledger showed what the test waits for: $($childOut.Result) $($childErr.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { $child.Kill(); throw "The drill's ledger did not show what the test waits for within $TimeoutSeconds s." }
            $file = Get-ChildItem $running -Filter *.json -ErrorAction Ignore | Select-Object -First 1
            $seen = if ($file) { try { Get-Content $file.FullName -Raw | ConvertFrom-Json } catch { $null } }
            if ($seen -and (& $Ready $seen)) { $ledger = $seen } else { Start-Sleep -Milliseconds 50 }
        }
        Stop-Process -Id $child.Id -Force
        $child.WaitForExit()
        $ledger | Add-Member -NotePropertyName ChildId -NotePropertyValue $child.Id -PassThru
    }
    finally { Remove-Item $childScript -ErrorAction Ignore }
}

function Get-DrillLabState {
    # What a drill must leave as it found it (issue 13): in both regions the Qdrant collections, the Redis keys, the
    # namespaces and the app namespace's Secrets (name@resourceVersion); the drill Redis (empty, a primary); every
    # record set of the zone; and, given a store, its objects other than the drill history and the audit records a
    # drill adds (the store is the drill's audit log when PUBSECDR_AUDIT_STORE is not set).
    # Needs TestRegions.ps1 and TestDns.ps1.
    param([Parameter(Mandatory)] $Environment, [string] $Store)
    $state = [ordered]@{}
    $env:REDISCLI_AUTH = (Get-LabRedis).password   # never on the command line, where ps shows it
    try {
        foreach ($region in 'primary', 'secondary') {
            $state["$region collections"] = ((Invoke-LabRegionQdrant $region GET 'collections').result.collections.name | Sort-Object) -join ','
            $h, $port = $Environment.Region($region).Redis.Endpoint -split ':'
            $keys = @(redis-cli -h $h -p $port --scan)
            if ($LASTEXITCODE -ne 0) { throw "redis-cli --scan on $region failed" }
            $state["$region redis keys"] = ($keys | Sort-Object) -join ','
            $kube = (Get-LabRegion $region).kubernetes
            $namespace = $Environment.Region($region).Kubernetes.Namespace
            $state["$region namespaces"] = (& kubectl --kubeconfig $kube.kubeconfig --context $kube.context get namespaces -o 'jsonpath={.items[*].metadata.name}') -split ' ' | Sort-Object | Join-String -Separator ','
            $state["$region secrets"] = (& kubectl --kubeconfig $kube.kubeconfig --context $kube.context -n $namespace get secrets `
                    -o 'jsonpath={range .items[*]}{.metadata.name}@{.metadata.resourceVersion}{"\n"}{end}') | Where-Object { $_ } | Sort-Object | Join-String -Separator ','
        }
        if ($Environment.Region('secondary').DrillRedis) {
            $h, $port = $Environment.Region('secondary').DrillRedis.Endpoint -split ':'
            $state['drill redis'] = "$(redis-cli -h $h -p $port DBSIZE) keys, $((redis-cli -h $h -p $port INFO replication) -match '^role:')"
        }
    }
    finally { Remove-Item Env:REDISCLI_AUTH }
    $route53 = (Get-LabDnsConfig).Route53
    $sets = (Invoke-TestRoute53 $route53 list-resource-record-sets --hosted-zone-id $route53.hostedZoneId).ResourceRecordSets
    $state['zone'] = (@($sets | ForEach-Object { "$($_.Name) $($_.Type) $($_.TTL) $(@($_.ResourceRecords.Value) -join '/')" }) | Sort-Object) -join ','
    if ($Store) {
        $state['store'] = ((Get-ChildItem $Store -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($Store, $_.FullName) -replace '\\', '/' } |
            Where-Object { $_ -notmatch '^drills/[^/]+/\d{8}T\d{6}Z-\w+-[0-9a-f]+\.json$' -and $_ -notmatch '^audit/' } | Sort-Object) -join ',')
    }
    $state
}

function Assert-SameDrillLabState($Before, $After) {
    foreach ($key in $Before.Keys) { $After[$key] | Should -Be $Before[$key] -Because "the drill leaves the $key as it found them" }
}

function Assert-DrillPhasesTimed($Result, [switch] $AllowSkipped) {
    # Every phase ended (Succeeded, or Skipped where allowed), is timed, and names its plan step and a command the module ships.
    $ended = if ($AllowSkipped) { @('Succeeded', 'Skipped') } else { @('Succeeded') }
    foreach ($phase in $Result.Phases) {
        "$($phase.Status)" | Should -BeIn $ended -Because "$($phase.Name): $($phase.ErrorId) $($phase.Message)"
        $phase.Duration | Should -Not -BeNullOrEmpty
        [math]::Abs((($phase.CompletedAt - $phase.StartedAt) - $phase.Duration).TotalMilliseconds) | Should -BeLessThan 1
        $phase.PlanStep | Should -Not -BeNullOrEmpty
        Get-Command $phase.PerformedBy -Module PubSecDr | Should -Not -BeNullOrEmpty
    }
}

function New-DrillEnvironmentFile {
    # A copy of the lab's environment file named $Name, with $Region's store replaced by $Store and $Change (given the
    # parsed file) applied; written beside the lab's file, so its relative paths hold. Returns its path.
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Region, [Parameter(Mandatory)] [string] $Store, [scriptblock] $Change)
    $json = Get-Content (Get-LabEnvironmentPath) -Raw | ConvertFrom-Json -AsHashtable
    $json.name = $Name
    $json.regions[$Region].store.location = (Resolve-Path $Store).Path
    if ($Change) { & $Change $json }
    $path = Join-Path (Split-Path (Get-LabEnvironmentPath)) "$Name-$([Guid]::NewGuid().ToString('N').Substring(0, 6)).json"
    $json | ConvertTo-Json -Depth 10 | Set-Content $path
    $path
}
