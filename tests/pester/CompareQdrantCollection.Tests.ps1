# The plan's "compare record counts" and "sample queries" steps, against the lab.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
}

Describe 'Compare-QdrantCollection' {
    BeforeEach {
        New-LabCollection -Name 'e2e-compare' -ShardNumber 3 -ReplicationFactor 2 -PointCount 1200 -Seed 71
        $script:Backup = New-QdrantBackup @LabParams -Collection 'e2e-compare' -Store (New-TestStore) -SampleSize 200 -GoldenQueryCount 4
    }

    It 'finds no difference between a collection and its fresh backup' {
        $Backup | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        $summary = $Backup | Compare-QdrantCollection @Target -Summary
        $summary.Equivalent | Should -BeTrue
        $summary.SampleMatched | Should -Be 200
        $summary.MeanRecall | Should -Be 1
    }

    It 'reports deleted points and overwritten payloads, each as its own difference' {
        # The sample is spread over the id space: its first ids and its last one are both in it.
        $overwritten = [int] $Backup.Sample[-1].Id
        $overwritten | Should -BeGreaterThan 1100
        Invoke-LabQdrant POST 'collections/e2e-compare/points/delete?wait=true' @{ points = @(1, 2, 3) } | Out-Null
        Invoke-LabQdrant PUT 'collections/e2e-compare/points?wait=true' @{ points = @(
                @{ id = $overwritten; vector = @(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8); payload = @{ tampered = $true } }) } | Out-Null

        $differences = $Backup | Compare-QdrantCollection @Target
        ($differences | Where-Object Kind -eq 'PointCount').Actual | Should -Be '1197'
        @($differences | Where-Object Kind -eq 'MissingPoint').PointId | Sort-Object | Should -Be @('1', '2', '3')
        ($differences | Where-Object { $_.PointId -eq "$overwritten" }).Kind | Sort-Object | Should -Be @('PayloadDiffers', 'VectorDiffers')
    }

    It 'compares two collections directly' {
        New-LabCollection -Name 'e2e-compare-copy' -ShardNumber 1 -ReplicationFactor 1 -PointCount 1200 -Seed 71
        Compare-QdrantCollection @Target -ReferenceCollection 'e2e-compare' -Collection 'e2e-compare-copy' | Should -BeNullOrEmpty
        Add-LabPoints -Name 'e2e-compare-copy' -Start 5000 -Count 5 -Seed 71
        (Compare-QdrantCollection @Target -ReferenceCollection 'e2e-compare' -Collection 'e2e-compare-copy').Kind | Should -Contain 'PointCount'
    }
}
