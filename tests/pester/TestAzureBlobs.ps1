# Lists blobs and staged blocks in the lab's Azurite the way Azure's own REST API shows them (List Blobs, Get
# Block List, Shared Key), without the module: the kill and Ctrl+C tests use it to see an upload in flight (a
# blob with staged, uncommitted blocks) and to check that it was cleared. The signature uses .NET's HMACSHA256, as the REST docs prescribe.

function Get-TestAzureBlobName([string] $Prefix, [switch] $IncludeUncommitted) {
    $settings = ConvertFrom-TestAzureConnectionString (Get-LabConfig).azure.connectionString
    $container = (Get-LabConfig).azure.container
    $query = [ordered]@{ comp = 'list'; restype = 'container'; prefix = $Prefix }
    if ($IncludeUncommitted) { $query.include = 'uncommittedblobs' }
    $marker = ''
    do {
        if ($marker) { $query.marker = $marker }
        $response = Invoke-TestAzureRequest $settings "$container" $query
        $result = ([xml]$response).EnumerationResults
        foreach ($blob in $result.Blobs.Blob) { $blob.Name }
        $marker = [string]$result.NextMarker
    } while ($marker)
}

function Get-TestAzureUncommittedBlob([string] $Prefix) {
    # Uncommitted-only: listed with include=uncommittedblobs but not without it.
    $committed = [Collections.Generic.HashSet[string]]::new([string[]]@(Get-TestAzureBlobName $Prefix))
    @(Get-TestAzureBlobName $Prefix -IncludeUncommitted | Where-Object { -not $committed.Contains($_) })
}

function Get-TestAzureUncommittedBlockCount([string] $Name) {
    # Get Block List: the blocks staged on a blob and not yet committed.
    $settings = ConvertFrom-TestAzureConnectionString (Get-LabConfig).azure.connectionString
    $path = "$((Get-LabConfig).azure.container)/$Name"
    $response = Invoke-TestAzureRequest $settings $path ([ordered]@{ comp = 'blocklist'; blocklisttype = 'uncommitted' })
    @(([xml]$response).BlockList.UncommittedBlocks.Block | Where-Object { $_ }).Count
}

function ConvertFrom-TestAzureConnectionString([string] $ConnectionString) {
    $settings = @{}
    foreach ($pair in $ConnectionString.Split(';', [StringSplitOptions]::RemoveEmptyEntries)) {
        $name, $value = $pair.Split('=', 2)
        $settings[$name] = $value
    }
    [pscustomobject]@{ Account = $settings.AccountName; Key = $settings.AccountKey; BlobEndpoint = $settings.BlobEndpoint.TrimEnd('/') }
}

function Invoke-TestAzureRequest($Settings, [string] $Path, [Collections.IDictionary] $Query) {
    $version = '2021-08-06'
    $date = [DateTime]::UtcNow.ToString('R')
    # Path-style endpoints (Azurite) carry the account in the URL path, so it appears twice in the resource.
    $endpointPath = ([Uri]$Settings.BlobEndpoint).AbsolutePath.TrimEnd('/')
    $resource = "/$($Settings.Account)$endpointPath/$Path"
    foreach ($name in $Query.Keys | Sort-Object) { $resource += "`n$($name.ToLowerInvariant()):$($Query[$name])" }
    $toSign = "GET" + ("`n" * 12) + "x-ms-date:$date`nx-ms-version:$version`n" + $resource
    $hmac = [Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($Settings.Key))
    try { $signature = [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($toSign))) } finally { $hmac.Dispose() }
    $queryString = ($Query.Keys | ForEach-Object { "$_=$([Uri]::EscapeDataString([string]$Query[$_]))" }) -join '&'
    $headers = @{ 'x-ms-date' = $date; 'x-ms-version' = $version; Authorization = "SharedKey $($Settings.Account):$signature" }
    $response = Invoke-WebRequest -Uri "$($Settings.BlobEndpoint)/$Path`?$queryString" -Headers $headers -UseBasicParsing
    # The body starts with a byte-order mark, which [xml] refuses.
    $response.Content.TrimStart([char]0xFEFF)
}
