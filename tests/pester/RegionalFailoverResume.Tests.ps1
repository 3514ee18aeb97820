# Invoke-RegionalFailover resumed after a kill (issue 12, Done when 2): a run in a child pwsh is killed (SIGKILL) while
# the Qdrant data step restores, and the same command run again completes the failover without repeating the steps
# the journal shows done. The secondary must restore something that takes seconds: a scratch collection of ~300 MB
# (the emulator's WAL padding) that only the primary holds, backed up into the secondary region's store with the
# primary's other collections. Everything is put back in AfterAll (Reset-LabFailover): the primary region up, the
# secondary Redis its replica again, DNS on the primary, the scratch collection and the backups gone.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    . (Join-Path $PSScriptRoot 'TestDns.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:primary = $envr.Region('primary')
    $script:storePath = $envr.Region('secondary').Store.Location
    $script:journal = Join-Path $TestDrive 'failover.json'
    $script:redisLab = (Get-LabConfig).redis
    $script:scratch = "failover-resume-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:child = $null
    $script:backups = @()

    function Read-Journal {
        # The journal as the operator would read it, dates kept as written (ISO 8601 with offset).
        Get-Content $journal -Raw | ConvertFrom-Json -DateKind String
    }

    function Get-JournalStep($Journal, [string] $Name) { $Journal.steps | Where-Object name -eq $Name }

    $nodes = @{ QdrantUri = $primary.Qdrant.Rest; GrpcUri = $primary.Qdrant.Grpc; ApiKey = (Get-LabApiKey); Store = $storePath; Confirm = $false; ProgressAction = 'SilentlyContinue' }
    # Only what the secondary holds (what its readiness judges), not every collection other tests may have left on the primary.
    $held = @((Invoke-LabRegionQdrant secondary GET 'collections').result.collections | ForEach-Object name)
    $collections = @((Invoke-LabRegionQdrant primary GET 'collections').result.collections | ForEach-Object name | Where-Object { $_ -in $held })
    $script:backups = @(if ($collections) { New-QdrantBackup @nodes -Collection $collections })

    # 3 shards of ~100 MB each (padding per local shard of a snapshot): the target restores for several seconds.
    Invoke-LabRegionQdrant primary PUT "collections/$scratch" @{ vectors = @{ size = 8; distance = 'Cosine' }; shard_number = 3; replication_factor = 1 } | Out-Null
    $random = [Random]::new(12)
    $points = foreach ($id in 1..600) { @{ id = $id; vector = @(1..8 | ForEach-Object { [Math]::Round($random.NextDouble(), 6) }); payload = @{ title = "scratch $id" } } }
    Invoke-LabRegionQdrant primary PUT "collections/$scratch/points?wait=true" @{ points = @($points) } | Out-Null
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 100MB } -Region primary | Out-Null
    try { $script:backups += New-QdrantBackup @nodes -Collection $scratch }
    finally { Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } -Region primary | Out-Null }
}

AfterAll {
    if ($child -and -not $child.HasExited) { $child.Kill(); $child.WaitForExit() }
    Reset-LabFailover -Environment $envr -Collection $scratch -Backup $backups -Store $storePath
}

Describe 'Invoke-RegionalFailover killed during the data step and run again (primary region down)' {
    BeforeAll {
        $backups | ForEach-Object { "$($_.Status)" } | Should -Not -Contain 'Failed'
        (Invoke-LabRegionQdrant secondary GET "collections/$scratch/exists").result.exists | Should -BeFalse
        Set-LabRegionDown -Region primary | Out-Null

        # The child is the pwsh that runs the engine itself (dotnet pwsh.dll, as this session runs), not the
        # `dotnet pwsh` tool launcher, which would start pwsh as its own child and leave it running when killed.
        $script:childScript = Join-Path $TestDrive 'failover-child.ps1'
        Set-Content $childScript @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
Import-Module '$(Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1')'
Set-LabEnvironmentVariables
`$environment = Import-DrEnvironment -Path (Get-LabEnvironmentPath)
Invoke-RegionalFailover -Environment `$environment -From primary -To secondary -JournalPath '$journal' -Confirm:`$false -ProgressAction SilentlyContinue
"@
        $info = [Diagnostics.ProcessStartInfo]::new([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $childScript) { $info.ArgumentList.Add($argument) }
        $info.WorkingDirectory = $RepoRoot
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $script:child = [Diagnostics.Process]::Start($info)
        $childOut = $child.StandardOutput.ReadToEndAsync()
        $childErr = $child.StandardError.ReadToEndAsync()

        # Kill it as soon as the journal says the Qdrant restore runs.
        $deadline = [DateTime]::UtcNow.AddSeconds(180)
        $script:running = $null
        while (-not $running) {
            if ($child.HasExited) { throw "The failover ended (exit $($child.ExitCode)) before QdrantData was Running: $($childOut.Result) $($childErr.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { throw 'QdrantData was not Running within 180 s.' }
            if (Test-Path $journal) {
                $seen = try { Read-Journal } catch { $null }   # read while it is replaced: try again
                if ($seen -and (Get-JournalStep $seen 'QdrantData').status -eq 'Running') { $script:running = $seen }
            }
            if (-not $running) { Start-Sleep -Milliseconds 100 }
        }
        $script:childId = $child.Id
        Stop-Process -Id $childId -Force
        $child.WaitForExit()
        $script:killedAt = [DateTimeOffset]::UtcNow
        $script:killed = Read-Journal
    }

    It 'the killed run left the journal with the data step Running and its lease' {
        $child.HasExited | Should -BeTrue
        (Get-JournalStep $killed 'QdrantData').status | Should -Be 'Running'
        foreach ($name in 'ConfirmTrigger', 'TargetReadiness') { (Get-JournalStep $killed $name).status | Should -Be 'Succeeded' }
        (Get-JournalStep $killed 'FenceSource').status | Should -Be 'Skipped'
        foreach ($name in 'DnsSwitch', 'DnsPropagation', 'Verify', 'Notice') { (Get-JournalStep $killed $name).status | Should -Be 'NotStarted' }
        # The lease names the killed process (host/pid/run) and has not expired: only the dead pid frees it.
        $owner = $killed.lease.owner -split '/'
        $owner[0] | Should -Be ([Environment]::MachineName)
        [int]$owner[1] | Should -Be $childId
        [DateTimeOffset]::Parse($killed.lease.expiresAt) | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        (Get-DrDnsRecord $envr).Region | Should -Be 'primary'
    }

    It 'the same command run again resumes, completes with a verdict and does not repeat the steps that were done' {
        $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -JournalPath $journal -Confirm:$false -ErrorVariable failures -ProgressAction SilentlyContinue
        $failures | Should -BeNullOrEmpty
        $result.Resumed | Should -BeTrue
        "$($result.Verdict)" | Should -BeIn @('WithinObjectives', 'WithinMaximum', 'ObjectivesMissed')
        $result.Steps | ForEach-Object { $_.Status | Should -BeIn @('Succeeded', 'Skipped') }
        $result.StartedAt | Should -Be ([DateTimeOffset]::Parse($killed.startedAt))

        # Done before the kill: the same start and end as the killed run journaled, so not run again.
        foreach ($name in 'ConfirmTrigger', 'TargetReadiness', 'FenceSource') {
            $before = Get-JournalStep $killed $name
            $step = $result.Step($name)
            $step.StartedAt | Should -Be ([DateTimeOffset]::Parse($before.startedAt)) -Because "$name was done before the kill"
            $step.CompletedAt | Should -Be ([DateTimeOffset]::Parse($before.completedAt)) -Because "$name was done before the kill"
        }
        # Interrupted or not reached: run by this command, after the kill.
        foreach ($name in 'QdrantData', 'DnsSwitch', 'DnsPropagation', 'Verify', 'Notice') {
            $result.Step($name).StartedAt | Should -BeGreaterThan $killedAt -Because "$name runs in the resumed command"
        }
        $result.Step('QdrantData').Details -join "`n" | Should -Match ([regex]::Escape("Restored '$scratch'"))

        $after = Read-Journal
        $after.lease | Should -BeNullOrEmpty
        (Get-JournalStep $after 'ConfirmTrigger').startedAt | Should -Be (Get-JournalStep $killed 'ConfirmTrigger').startedAt
        Write-Host ("Resumed failover per step: " + (($result.Steps | ForEach-Object { "$($_.Name) $($_.Status) $([math]::Round($_.Duration.TotalSeconds, 2)) s" }) -join ', '))
    }

    It 'the failover it completed holds: DNS and the service on the secondary, its Redis a primary, the collection restored' {
        $caching = (Get-LabConfig).dns.caching
        Get-TestDnsAddress $caching ([Uri]$envr.Service.PublicUrl).Host | Should -Be @($envr.Dns.Records[0].Values['secondary'])
        $service = Test-DrService -Environment $envr -Region secondary -ErrorVariable serviceFailures
        $serviceFailures | Should -BeNullOrEmpty
        $service | ForEach-Object { $_.Passed | Should -BeTrue }
        $h, $port = $redisLab.replica -split ':'
        $env:REDISCLI_AUTH = $redisLab.password
        try { (redis-cli -h $h -p $port ROLE)[0] | Should -Be 'master' } finally { Remove-Item Env:REDISCLI_AUTH }
        (Invoke-LabRegionQdrant secondary POST "collections/$scratch/points/count" @{ exact = $true }).result.count | Should -Be 600
    }
}
