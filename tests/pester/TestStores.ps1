# Store-kind-neutral helpers for the parametrised suite: the same scenarios run against a folder, S3 (moto)
# and Azure Blob (Azurite). Everything goes through the module's own store objects, so a test damages or
# inspects an object in S3 exactly as it would a file.

# Every store New-TestStore made in this test file, so an AfterAll can remove them all (Remove-TestStoresMade).
$TestStoresMade = [Collections.Generic.List[object]]::new()

# Lease and deletion-marker objects, as every writer and retention leave them in a backup's folder.
$LeaseKeyPattern = '/(lease|deleting)-[0-9a-f]{32}\.json'

function New-TestStore([ValidateSet('Folder', 'S3', 'Azure')] [string] $Kind = $(if ($StoreKind) { $StoreKind } else { 'Folder' }),
    # The object stores' part size (New-DrBackupStore -PartSizeMB); a folder has no parts.
    [int] $PartSizeMB = 0) {
    $name = "t-$([Guid]::NewGuid().ToString('N').Substring(0, 12))"
    $options = if ($PartSizeMB) { @{ PartSizeMB = $PartSizeMB } } else { @{} }
    $store = switch ($Kind) {
        'S3' {
            $s3 = (Get-LabConfig).s3
            $keys = [pscredential]::new($s3.accessKeyId, (ConvertTo-SecureString $s3.secretAccessKey -AsPlainText -Force))
            New-DrBackupStore "s3://$($s3.bucket)/$name" -Endpoint $s3.endpoint -Region $s3.region -Credential $keys @options
        }
        'Azure' {
            $azure = (Get-LabConfig).azure
            New-DrBackupStore "az://$($azure.container)/$name" -ConnectionString (ConvertTo-SecureString $azure.connectionString -AsPlainText -Force) @options
        }
        default {
            # A fresh folder store per test block, under out/ so failed runs can be inspected.
            $path = Join-Path $RepoRoot "out/test-stores/$name"
            New-Item -ItemType Directory -Force $path | Out-Null
            $path
        }
    }
    $TestStoresMade.Add($store)
    $store
}

function Remove-TestStoresMade {
    foreach ($store in @($TestStoresMade)) { Remove-TestStore $store }
    $TestStoresMade.Clear()
}

function Remove-TestStore($Store) {
    # Everything a test wrote into its store: the folder, or every object under the S3/Azure prefix (backups of
    # hundreds of MB would otherwise pile up in the lab's moto and Azurite for as long as the lab runs).
    if ($null -eq $Store) { return }
    if ($Store -is [string]) { Remove-Item -LiteralPath $Store -Recurse -Force -ErrorAction Ignore; return }
    foreach ($key in @(Get-TestStoreKey $Store)) { Remove-TestStoreObject $Store $key }
}

function Get-TestStoreExpression($Store) {
    # PowerShell source that opens the same store in a fresh process (kill tests run the module in a child pwsh).
    $store = ConvertTo-TestStoreObject $Store
    if ($store.Location -like 's3://*') {
        $s3 = (Get-LabConfig).s3
        return "(New-DrBackupStore '$($store.Location)' -Endpoint '$($s3.endpoint)' -Region '$($s3.region)' -Credential ([pscredential]::new('$($s3.accessKeyId)', (ConvertTo-SecureString '$($s3.secretAccessKey)' -AsPlainText -Force))))"
    }
    if ($store.Location -like 'az://*') {
        return "(New-DrBackupStore '$($store.Location)' -ConnectionString (ConvertTo-SecureString '$((Get-LabConfig).azure.connectionString)' -AsPlainText -Force))"
    }
    "'$Store'"
}

function ConvertTo-TestStoreObject($Store) {
    if ($Store -is [string]) { New-DrBackupStore $Store } else { $Store }
}

function Get-TestStoreKey($Store, [string] $Prefix = '') {
    # The audit log (audit/) is left out unless asked for: every change appends to it when the store is its log
    # (PUBSECDR_AUDIT_STORE not set), and what a test checks here is the backup data.
    $store = ConvertTo-TestStoreObject $Store
    $items = $store.ListAsync($Prefix, [Threading.CancellationToken]::None).GetAsyncEnumerator([Threading.CancellationToken]::None)
    try {
        while ($items.MoveNextAsync().AsTask().GetAwaiter().GetResult()) {
            if ($Prefix -like 'audit/*' -or $items.Current.Key -notlike 'audit/*') { $items.Current.Key }
        }
    } finally { $null = $items.DisposeAsync().AsTask().GetAwaiter().GetResult() }
}

function Read-TestStoreObject($Store, [string] $Key) {
    $stream = (ConvertTo-TestStoreObject $Store).OpenReadAsync($Key, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try {
        $buffer = [IO.MemoryStream]::new()
        $stream.CopyTo($buffer)
        , $buffer.ToArray()
    } finally { $stream.Dispose() }
}

function Write-TestStoreObject($Store, [string] $Key, [byte[]] $Bytes) {
    $none = [Threading.CancellationToken]::None
    $upload = (ConvertTo-TestStoreObject $Store).BeginUploadAsync($Key, $none).GetAwaiter().GetResult()
    try {
        $upload.Content.Write($Bytes, 0, $Bytes.Length)
        $upload.CompleteAsync($none).GetAwaiter().GetResult()
    } finally { $null = $upload.DisposeAsync().AsTask().GetAwaiter().GetResult() }
}

function Remove-TestStoreObject($Store, [string] $Key) {
    (ConvertTo-TestStoreObject $Store).DeleteAsync($Key, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
}

function Set-TestManifest($Store, [string] $Key, [scriptblock] $Change) {
    # Edits a stored manifest as an attacker (or a broken tool) would: $Change gets the parsed manifest to alter.
    $utf8 = [Text.UTF8Encoding]::new($false)
    $manifest = $utf8.GetString((Read-TestStoreObject $Store $Key)) | ConvertFrom-Json
    & $Change $manifest
    Write-TestStoreObject $Store $Key $utf8.GetBytes(($manifest | ConvertTo-Json -Depth 20))
}

function Set-TestPart($Store, $Backup, [int] $Node, $DonorStore, $DonorPart) {
    # The backup's part of one node replaced by another backup's part, and the manifest edited so that hash and size
    # match: every stored hash agrees, so only a check of the data itself (sample, restore, signature) can tell.
    Write-TestStoreObject $Store $Backup.Parts[$Node].Key (Read-TestStoreObject $DonorStore $DonorPart.Key)
    Set-TestManifest $Store $Backup.ManifestKey {
        param($m)
        $m.parts[$Node].sha256 = $DonorPart.Sha256
        $m.parts[$Node].size = $DonorPart.Size
    }
}

function Edit-TestStoreObject($Store, [string] $Key, [switch] $FlipByte, [int] $Truncate = 0, [long] $At = -1) {
    $bytes = Read-TestStoreObject $Store $Key
    if ($FlipByte) {
        $index = if ($At -ge 0) { $At } else { [long]($bytes.Length / 2) }
        $bytes[$index] = $bytes[$index] -bxor 0xFF
    }
    if ($Truncate -gt 0) { $bytes = $bytes[0..($bytes.Length - $Truncate - 1)] }
    Write-TestStoreObject $Store $Key $bytes
}

function Wait-TestStoreSettled($Store, [int] $QuietSeconds = 2, [int] $TimeoutSeconds = 60) {
    # A killed client's last requests can still be processed by the server after it died: Azure (Azurite)
    # stages a block whose body had fully arrived, even after the blob was cleared. The next scheduled run
    # comes hours later in real life; a test starts it at once, so it first waits until the staged blocks stop
    # changing. S3 refuses a late part of an aborted upload and a folder has no server, so they are settled.
    $store = ConvertTo-TestStoreObject $Store
    if ($store.Location -notlike 'az://*') { return }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $last = $null; $quietSince = [DateTime]::UtcNow
    while ([DateTime]::UtcNow -lt $deadline) {
        $now = (Get-TestStorePendingUpload $store | ForEach-Object { "$_=$(Get-TestAzureUncommittedBlockCount $_)" }) -join ';'
        if ($now -ne $last) { $last = $now; $quietSince = [DateTime]::UtcNow }
        elseif (([DateTime]::UtcNow - $quietSince).TotalSeconds -ge $QuietSeconds) { return }
        Start-Sleep -Milliseconds 200
    }
    throw "The staged blocks in $($store.Location) kept changing for $TimeoutSeconds s."
}

function Get-TestStorePendingUpload($Store) {
    # Unfinished writes as the store's own tooling sees them: partial files, S3 multipart uploads via awscli, or
    # Azure blobs with staged blocks that were never committed (List Blobs with include=uncommittedblobs).
    $store = ConvertTo-TestStoreObject $Store
    if ($store.Location -like 's3://*') {
        $s3 = (Get-LabConfig).s3
        $bucket, $prefix = $store.Location.Substring(5).Split('/', 2)
        $env:AWS_ACCESS_KEY_ID = $s3.accessKeyId; $env:AWS_SECRET_ACCESS_KEY = $s3.secretAccessKey; $env:AWS_DEFAULT_REGION = $s3.region
        $json = & /usr/bin/aws s3api list-multipart-uploads --bucket $bucket --prefix $prefix --endpoint-url $s3.endpoint --output json
        if ($LASTEXITCODE -ne 0) { throw "aws s3api list-multipart-uploads failed ($LASTEXITCODE)" }
        return @(($json | Out-String | ConvertFrom-Json -ErrorAction Ignore).Uploads | Where-Object { $_ } | ForEach-Object Key)
    }
    if ($store.Location -like 'az://*') {
        $prefix = $store.Location.Substring(5).Split('/', 2)[1]
        return Get-TestAzureUncommittedBlob "$($prefix.TrimEnd('/'))/"
    }
    if ($store.Location -like 'file://*') {
        return @(Get-ChildItem ([Uri]$store.Location).LocalPath -Recurse -File -Filter '*.partial-*' -ErrorAction Ignore | ForEach-Object FullName)
    }
    @()
}
