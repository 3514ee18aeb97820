# Test-DrRegionReadiness against the lab's secondary region (issue 11, Done when): Ready as the lab starts it (given
# a fresh backup of each collection in its store), NotReady naming the failed check with one Qdrant node stopped,
# NotReady with the application stub stopped. Everything the tests change is put back in finally / AfterAll.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRegions.ps1')
    $script:envr = Import-LabDrEnvironment
    $script:secondary = $envr.Region('secondary')
    $script:storePath = $secondary.Store.Location
    $script:apiKey = Get-LabApiKey

    # Ready needs at least one collection (an empty cluster is a Warning) and a restorable backup of each one in the
    # region's own store, at most the RPO old: made here, removed in AfterAll.
    $script:madeCollection = $null
    $collections = @((Invoke-LabRegionQdrant secondary GET 'collections').result.collections | ForEach-Object name)
    if ($collections.Count -eq 0) {
        $script:madeCollection = 'readiness-check'
        Invoke-LabRegionQdrant secondary PUT "collections/$madeCollection" @{ vectors = @{ size = 4; distance = 'Cosine' }; shard_number = 3; replication_factor = 2 } | Out-Null
        $points = 1..20 | ForEach-Object { @{ id = $_; vector = @([math]::Sin($_), [math]::Cos($_), 0.5, (1.0 / $_)); payload = @{ n = $_ } } }
        Invoke-LabRegionQdrant secondary PUT "collections/$madeCollection/points?wait=true" @{ points = $points } | Out-Null
        $collections = @($madeCollection)
    }
    $script:backups = @(New-QdrantBackup -QdrantUri $secondary.Qdrant.Rest -GrpcUri $secondary.Qdrant.Grpc -ApiKey $apiKey `
        -Collection $collections -Store $storePath -Confirm:$false)
}

AfterAll {
    # The store is a folder in the lab; what this file added goes, and so do the folders it left empty.
    foreach ($backup in $backups) {
        $folder = Join-Path $storePath "qdrant/$($backup.Collection)"
        Remove-Item (Join-Path $folder $backup.Id) -Recurse -Force -ErrorAction SilentlyContinue
        foreach ($empty in @($folder, (Join-Path $storePath 'qdrant'), $storePath)) {
            if ((Test-Path $empty) -and -not (Get-ChildItem $empty -Force)) { Remove-Item $empty -Force }
        }
    }
    if ($madeCollection) { Invoke-LabRegionQdrant secondary DELETE "collections/$madeCollection" | Out-Null }
}

Describe 'Test-DrRegionReadiness' {
    It 'finds the secondary region Ready: every check passed, one object per check' {
        $readiness = Wait-RegionVerdict $envr secondary

        $failed = @($readiness.Checks | Where-Object Status -ne 'Passed' | ForEach-Object { "$($_.Name): $($_.Observed)" })
        $failed | Should -BeNullOrEmpty
        $readiness.Verdict | Should -Be 'Ready'
        $readiness.PSObject.TypeNames | Should -Contain 'PubSec.Dr.RegionReadiness'
        $readiness.Region | Should -Be 'secondary'
        $categories = @($readiness.Checks.Category | ForEach-Object { "$_" } | Sort-Object -Unique)
        $categories | Should -Be @('Application', 'Backup', 'Kubernetes', 'Qdrant', 'Redis')
        @($readiness.Checks | Where-Object Name -like 'Qdrant node *').Count | Should -Be $secondary.Qdrant.Rest.Count
        foreach ($backup in $backups) { $readiness.Checks.Name | Should -Contain "Backup Qdrant/$($backup.Collection)" }
        $readiness.Checks | ForEach-Object { $_.Duration | Should -BeOfType [TimeSpan] }
    }

    It 'finds it NotReady with one of its Qdrant nodes stopped, naming the failed check, and says so with RegionNotReady' {
        Invoke-LabRegionAdmin secondary POST 'lab/nodes/1/stop' | Out-Null
        try {
            $readiness = Test-DrRegionReadiness -Environment $envr -Region secondary -CheckTimeout 5 -ErrorVariable notReady -ErrorAction SilentlyContinue

            $readiness.Verdict | Should -Be 'NotReady'
            $stopped = ([Uri]((Get-LabRegions).secondary.qdrant.nodes | Where-Object index -eq 1).rest).AbsoluteUri
            $readiness.FailedChecks | Should -Contain "Qdrant node $stopped"
            ($readiness.Checks | Where-Object Name -eq "Qdrant node $stopped").Category | Should -Be 'Qdrant'
            $notReady[0].FullyQualifiedErrorId | Should -BeLike 'RegionNotReady,*'
            "$($notReady[0])" | Should -BeLike "*Qdrant node $stopped*"
        }
        finally {
            Invoke-LabRegionAdmin secondary POST 'lab/nodes/1/start' | Out-Null
        }

        (Wait-RegionVerdict $envr secondary).Verdict | Should -Be 'Ready'
    }

    It 'finds it NotReady with the application stub stopped' {
        Invoke-LabRegionAdmin secondary POST 'lab/app/stop' | Out-Null
        try {
            $readiness = Test-DrRegionReadiness -Environment $envr -Region secondary -ErrorAction SilentlyContinue

            $readiness.Verdict | Should -Be 'NotReady'
            $readiness.FailedChecks | Should -Contain 'Application /ready'
        }
        finally {
            Invoke-LabRegionAdmin secondary POST 'lab/app/start' | Out-Null
        }

        (Wait-RegionVerdict $envr secondary).Verdict | Should -Be 'Ready'
    }

    It 'leaves skipped categories out' {
        $readiness = Test-DrRegionReadiness -Environment $envr -Region secondary -Skip Backup, Application, Kubernetes -ErrorAction SilentlyContinue

        @($readiness.Checks.Category | ForEach-Object { "$_" } | Sort-Object -Unique) | Should -Be @('Qdrant', 'Redis')
    }

    It 'refuses a region the environment does not define with EnvironmentRegionUnknown' {
        { Test-DrRegionReadiness -Environment $envr -Region nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'EnvironmentRegionUnknown,*'
    }

    It 'shows the verdict and the failed checks in its table view' {
        $text = Test-DrRegionReadiness -Environment $envr -Region secondary -Skip Backup -ErrorAction SilentlyContinue | Out-String -Width 200

        $text | Should -Match 'Verdict'
        $text | Should -Match 'FailedChecks'
    }
}
