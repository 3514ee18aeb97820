# The application's data in the lab: a collection "documents" that the regions' app stubs search
# (/api/v1/query), seeded identically in both regions so a failover serves the same answers.

$script:LabAppCollection = 'documents'

function Initialize-LabAppCollection([string] $RestUri, [string] $ApiKey, [string] $Region) {
    # Creates and fills the collection only when it is absent: a restarted lab keeps what drills did to it.
    $headers = @{ 'api-key' = $ApiKey }
    $base = $RestUri.TrimEnd('/') + "/collections/$script:LabAppCollection"
    if ((Invoke-RestMethod "$base/exists" -Headers $headers).result.exists) { return }
    Write-Host "  Seeding the $Region region's '$script:LabAppCollection' collection (200 points)"
    $create = @{ vectors = @{ size = 8; distance = 'Cosine' }; shard_number = 1; replication_factor = 1 } | ConvertTo-Json -Compress
    Invoke-RestMethod -Method Put $base -Headers $headers -Body $create -ContentType 'application/json' | Out-Null
    # The same seed in every region: identical points, so both regions answer a query alike.
    $random = [Random]::new(20261205)
    $points = foreach ($id in 1..200) {
        @{
            id      = $id
            vector  = @(1..8 | ForEach-Object { [Math]::Round($random.NextDouble(), 6) })
            payload = @{ title = "document $id"; tenant = "tenant-$($id % 7)" }
        }
    }
    $body = @{ points = @($points) } | ConvertTo-Json -Depth 5 -Compress
    Invoke-RestMethod -Method Put "$base/points?wait=true" -Headers $headers -Body $body -ContentType 'application/json' | Out-Null
}

function Initialize-LabAppCollections($Regions, [string] $ApiKey) {
    # Every region's copy, from lab.json's regions or the ones being started (same shape).
    foreach ($name in $script:LabRegionNames) {
        Initialize-LabAppCollection -RestUri $Regions.$name.qdrant.nodes[0].rest -ApiKey $ApiKey -Region $name
    }
}
