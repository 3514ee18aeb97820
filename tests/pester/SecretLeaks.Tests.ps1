# No lab secret may come back out of the module: every cmdlet is driven with inputs that carry the lab's secrets
# where an operator could put one by mistake (a connection string or a URL with user:password@ as -Store, URIs
# with user info, Redis endpoints with a password, a wrong key in a SecureString, a kubeconfig with a token), and
# with the secrets in their proper places on paths that succeed. Every stream is captured (output, error,
# warning, verbose, debug, information, progress) in a separate runspace, each output object and each error is
# also serialized with ConvertTo-Json, and none of it may contain a secret, raw or URL-escaped.
# Not scanned: ErrorRecord.InvocationInfo (Line, BoundParameters, PositionMessage), which is PowerShell's copy of
# the command line the operator typed, not text the module produced.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Get-LabConfig
    $key = [regex]::Match($lab.azure.connectionString, 'AccountKey=([^;]+)').Groups[1].Value
    $escapedKey = [uri]::EscapeDataString($key)
    $bucket = $lab.s3.bucket
    $azurite = [uri]$lab.azure.endpoint

    # Store locations that carry a secret: each is given to every parameter that takes a store.
    $script:BadStores = @(
        @{ Name = 'an Azure connection string'; Location = $lab.azure.connectionString }
        @{ Name = 'a connection string without the trailing ;'; Location = "AccountName=devstoreaccount1;AccountKey=$key" }
        @{ Name = 'a blob URL with the account key as password'; Location = "https://devstoreaccount1:$escapedKey@devstoreaccount1.blob.core.windows.net/pubsec-dr-lab" }
        @{ Name = 'an Azurite URL with the account key as password'; Location = "http://devstoreaccount1:$escapedKey@$($azurite.Authority)/devstoreaccount1/$($lab.azure.container)/x" }
        @{ Name = 'an Azurite URL with a SAS made of the key'; Location = "$($lab.azure.endpoint)/$($lab.azure.container)/x?sv=2022-11-02&sp=rl&sig=$escapedKey"; Supported = $true }
        @{ Name = 'az:// with user info'; Location = "az://admin:$($lab.s3.secretAccessKey)@$($lab.azure.container)/x" }
        @{ Name = 's3:// with the key pair'; Location = "s3://$($lab.s3.accessKeyId):$($lab.s3.secretAccessKey)@$bucket/x" }
        @{ Name = 'an ftp URL with the Qdrant key as password'; Location = "ftp://admin:$($lab.qdrant.apiKey)@127.0.0.1/backups" }
        @{ Name = 'an http URL with the Qdrant key as password'; Location = "http://admin:$($lab.qdrant.apiKey)@127.0.0.1:1/backups" }
        @{ Name = 'a redis URL with the password'; Location = "redis://default:$($lab.redis.password)@$($lab.redis.primary)" }
    )
    $script:StoreCommands = @(
        @{ Command = 'Get-DrBackup'; Script = 'Get-DrBackup -Store $Location @Common' }
        @{ Command = 'New-DrBackupStore'; Script = 'New-DrBackupStore $Location @Common' }
        @{ Command = 'New-DrBackupStore -ConnectionString'; Script = 'New-DrBackupStore $Location -ConnectionString $L.SecureConnectionString @Common' }
        @{ Command = 'Invoke-DrRetention'; Script = 'Invoke-DrRetention -Store $Location -Policy (New-DrRetentionPolicy Redis -KeepLast 5), (New-DrRetentionPolicy Qdrant -KeepLast 5) -Confirm:$false @Common' }
        @{ Command = 'New-QdrantBackup'; Script = 'New-QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -Collection $L.Collection -Store $Location -Confirm:$false @Common' }
        @{ Command = 'New-RedisBackup'; Script = 'New-RedisBackup $L.RedisPrimary -Password $L.SecureRedisPassword -Mode Logical -Pattern "secret-scan:*" -Store $Location -Confirm:$false @Common' }
        @{ Command = 'Copy-DrBackup'; Script = 'Copy-DrBackup -InputObject $L.RedisBackup -Destination $Location -Confirm:$false @Common' }
        @{ Command = 'Test-BackupIntegrity'; Script = 'Test-BackupIntegrity -InputObject $L.RedisBackup -Store $Location @Common' }
        @{ Command = 'Restore-QdrantCluster'; Script = 'Restore-QdrantCluster $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -Store $Location -Collection $L.Collection -TargetCollection $L.Restored -Confirm:$false @Common' }
    )
    $script:StoreCases = foreach ($store in $BadStores) {
        foreach ($command in $StoreCommands) {
            # A SAS URL is a supported location: creating the store object succeeds, everything that reads or writes is refused by Azurite.
            $refused = -not $store.Supported -or $command.Command -notlike 'New-DrBackupStore*'
            @{ Name = "$($command.Command) -Store <$($store.Name)>"; Location = $store.Location; Script = $command.Script; Refused = $refused }
        }
    }

    # Everything else: URIs with user info, Redis endpoints with passwords, wrong secrets, kubeconfigs, and
    # successful runs with the secrets where they belong (verbose and progress on, output serialized).
    $q = [uri]$lab.qdrant.nodes[0].rest
    $g = [uri]$lab.qdrant.nodes[0].grpc
    $withKey = "http://admin:$($lab.qdrant.apiKey)@"
    $p = $lab.redis.password
    $nodesWithKey = ($lab.qdrant.nodes | ForEach-Object { "'$withKey$(([uri]$_.rest).Authority)'" }) -join ', '
    $script:OtherCases = @(
        @{ Name = 'New-QdrantBackup -QdrantUri with the API key as password'; Expect = 'Any'; Script = "New-QdrantBackup -QdrantUri $nodesWithKey -GrpcUri `$L.GrpcUri -ApiKey `$L.SecureApiKey -Collection `$L.Collection -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-QdrantBackup -GrpcUri with the API key as password'; Expect = 'Any'; Script = "New-QdrantBackup -QdrantUri `$L.QdrantUri -GrpcUri '$withKey$($g.Authority)' -ApiKey `$L.SecureApiKey -Collection `$L.Collection -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-QdrantBackup -QdrantUri with a password, unreachable'; Expect = 'Error'; Script = "New-QdrantBackup -QdrantUri '${withKey}127.0.0.1:1' -ApiKey `$L.SecureApiKey -Collection `$L.Collection -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-QdrantBackup with a wrong -ApiKey (the kube token)'; Expect = 'Error'; Script = 'New-QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureKubeToken -Collection $L.Collection -Store $L.Folder -Confirm:$false @Common' }
        @{ Name = 'Compare-QdrantCollection -QdrantUri with the API key as password'; Expect = 'Any'; Script = "Compare-QdrantCollection -Backup `$L.QdrantBackup -QdrantUri $nodesWithKey -GrpcUri '$withKey$($g.Authority)' -ApiKey `$L.SecureApiKey -Collection `$L.Collection -Summary @Common" }
        @{ Name = 'Compare-QdrantCollection with a wrong -ApiKey'; Expect = 'Error'; Script = 'Compare-QdrantCollection -Backup $L.QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureKubeToken -Collection $L.Collection @Common' }
        @{ Name = 'Restore-QdrantCluster -QdrantUri with the API key as password'; Expect = 'Any'; Script = "Restore-QdrantCluster -Backup `$L.QdrantBackup -QdrantUri $nodesWithKey -GrpcUri `$L.GrpcUri -ApiKey `$L.SecureApiKey -TargetCollection `$L.Restored -Confirm:`$false @Common" }
        @{ Name = 'Restore-QdrantCluster -ResetVolumes with a broken kubeconfig holding the token'; Expect = 'Error'; Script = 'Restore-QdrantCluster -Backup $L.QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -TargetCollection $L.Restored -ResetVolumes -KubeConfig $L.BrokenKubeConfig -Confirm:$false @Common' }
        @{ Name = 'Restore-QdrantCluster -ResetVolumes with a kubeconfig whose server has the token as password'; Expect = 'Error'; Script = 'Restore-QdrantCluster -Backup $L.QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -TargetCollection $L.Restored -ResetVolumes -KubeConfig $L.UserInfoKubeConfig -Confirm:$false @Common' }
        @{ Name = 'Test-BackupIntegrity -Level Restore -ScratchQdrantUri with the API key as password'; Expect = 'Any'; Script = "Test-BackupIntegrity -InputObject `$L.QdrantBackup -Level Restore -ScratchQdrantUri $nodesWithKey -ScratchGrpcUri '$withKey$($g.Authority)' -ScratchApiKey `$L.SecureApiKey @Common" }
        @{ Name = 'Test-BackupIntegrity -Level Restore with a wrong -ScratchApiKey'; Expect = 'Error'; Script = 'Test-BackupIntegrity -InputObject $L.QdrantBackup -Level Restore -ScratchQdrantUri $L.QdrantUri -ScratchGrpcUri $L.GrpcUri -ScratchApiKey $L.SecureKubeToken @Common' }
        @{ Name = 'New-RedisBackup redis://user:password@'; Expect = 'Error'; Script = "New-RedisBackup 'redis://default:$p@$($lab.redis.primary)' -Mode Logical -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-RedisBackup host:port,password='; Expect = 'Error'; Script = "New-RedisBackup '$($lab.redis.primary),password=$p' -Mode Rdb -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-RedisBackup user:password@host:port'; Expect = 'Error'; Script = "New-RedisBackup 'default:$p@$($lab.redis.primary)' -Mode Rdb -Store `$L.Folder -Confirm:`$false @Common" }
        @{ Name = 'New-RedisBackup with a wrong -Password (the Qdrant key)'; Expect = 'Error'; Script = 'New-RedisBackup $L.RedisPrimary -Password $L.SecureApiKey -Mode Rdb -Store $L.Folder -Confirm:$false @Common' }
        @{ Name = 'New-RedisBackup -Mode Logical with a wrong -Password'; Expect = 'Error'; Script = 'New-RedisBackup $L.RedisPrimary -Password $L.SecureApiKey -Mode Logical -Store $L.Folder -Confirm:$false @Common' }
        @{ Name = 'Restore-RedisBackup -Endpoint host:port,password='; Expect = 'Error'; Script = "Restore-RedisBackup -InputObject `$L.RedisBackup -Endpoint '$($lab.redis.primary),password=$p' -Confirm:`$false @Common" }
        @{ Name = 'Restore-RedisBackup -Endpoint rediss://user:password@'; Expect = 'Error'; Script = "Restore-RedisBackup -InputObject `$L.RedisBackup -Endpoint 'rediss://default:$p@$($lab.redis.primary)' -Confirm:`$false @Common" }
        @{ Name = 'Test-RedisReplication with passwords in both endpoints'; Expect = 'Error'; Script = "Test-RedisReplication -Primary '$($lab.redis.primary),password=$p' -Replica 'redis://default:$p@$($lab.redis.replica)' @Common" }
        @{ Name = 'Test-RedisReplication with a wrong -Password'; Expect = 'Error'; Script = 'Test-RedisReplication -Primary $L.RedisPrimary -Replica $L.RedisReplica -Password $L.SecureApiKey @Common' }
        @{ Name = 'Compare-RedisData with passwords in both endpoints'; Expect = 'Error'; Script = "Compare-RedisData -Reference 'default:$p@$($lab.redis.primary)' -Difference '$($lab.redis.replica),password=$p' @Common" }
        @{ Name = 'Compare-RedisData with a wrong -ReferencePassword'; Expect = 'Error'; Script = 'Compare-RedisData -Reference $L.RedisPrimary -Difference $L.RedisReplica -ReferencePassword $L.SecureApiKey -DifferencePassword $L.SecureRedisPassword @Common' }
        @{ Name = 'New-DrBackupStore -Endpoint with the S3 secret as password'; Expect = 'Any'; Script = "`$s = New-DrBackupStore `"s3://$bucket/`$(`$L.Prefix)/endpoint`" -Endpoint 'http://lab:$($lab.s3.secretAccessKey)@$(([uri]$lab.s3.endpoint).Authority)' -Region `$L.S3Region -Credential `$L.S3Credential @Common; `$s; Get-DrBackup -Store `$s @Common" }
        @{ Name = 'New-DrBackupStore -Endpoint with the account key as password, Azure'; Expect = 'Any'; Script = "`$s = New-DrBackupStore `"az://$($lab.azure.container)/`$(`$L.Prefix)/endpoint`" -Endpoint 'http://devstoreaccount1:$escapedKey@$($azurite.Authority)/devstoreaccount1' -ConnectionString `$L.SecureConnectionString @Common; `$s; Get-DrBackup -Store `$s @Common" }
        # moto does not check signatures: this writes, and what comes back must not hold the wrong secret either.
        @{ Name = 'S3 store with a wrong secret key (the Redis password)'; Expect = 'Any'; Script = 'New-DrBackupStore "s3://$($L.S3Bucket)/$($L.Prefix)/wrong-key" -Endpoint $L.S3Endpoint -Region $L.S3Region -Credential $L.WrongS3Credential @Common | ForEach-Object { New-RedisBackup $L.RedisPrimary -Password $L.SecureRedisPassword -Mode Logical -Pattern "secret-scan:*" -Store $_ -Confirm:$false @Common }' }
        @{ Name = 'Azure store with a malformed connection string holding the key'; Expect = 'Error'; Script = 'New-DrBackupStore "az://$($L.Container)/$($L.Prefix)/x" -ConnectionString $L.SecureBrokenConnectionString @Common' }
        @{ Name = 'Azure store whose connection string points nowhere'; Expect = 'Error'; Script = 'New-DrBackupStore "az://$($L.Container)/$($L.Prefix)/x" -ConnectionString $L.SecureUnreachableConnectionString @Common | ForEach-Object { Get-DrBackup -Store $_ @Common }' }
        @{ Name = 'Azure store with a connection string for another account'; Expect = 'Error'; Script = 'New-DrBackupStore "$($L.AzureEndpoint)/$($L.Container)/$($L.Prefix)/x" -ConnectionString $L.SecureOtherAccountConnectionString @Common | ForEach-Object { Get-DrBackup -Store $_ @Common }' }
        @{ Name = 'Qdrant and Redis backups, integrity and copy between S3 and Azure (success paths)'; Expect = 'Output'; Script = @'
$s3 = New-DrBackupStore "s3://$($L.S3Bucket)/$($L.Prefix)/s3" -Endpoint $L.S3Endpoint -Region $L.S3Region -Credential $L.S3Credential @Common
$az = New-DrBackupStore "az://$($L.Container)/$($L.Prefix)/az" -ConnectionString $L.SecureConnectionString @Common
$s3, $az
$q = New-QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -Collection $L.Collection -Store $s3 -Confirm:$false @Common
$r = New-RedisBackup $L.RedisPrimary -Password $L.SecureRedisPassword -Mode Rdb -Store $az -Confirm:$false @Common
$q, $r
Get-DrBackup -Store $s3 @Common | Test-BackupIntegrity -Level Full @Common
Get-DrBackup -Store $az @Common | Copy-DrBackup -Destination $s3 -Confirm:$false @Common
Test-RedisReplication -Primary $L.RedisPrimary -Replica $L.RedisReplica -Password $L.SecureRedisPassword @Common
Compare-RedisData -Reference $L.RedisPrimary -Difference $L.RedisReplica -ReferencePassword $L.SecureRedisPassword -DifferencePassword $L.SecureRedisPassword @Common
Compare-QdrantCollection -Backup $q -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -Collection $L.Collection -Summary @Common
Invoke-DrRetention -Store $s3 -Policy (New-DrRetentionPolicy Qdrant -KeepLast 1) -Confirm:$false @Common
'@ }
        @{ Name = 'the Azure connection string from AZURE_STORAGE_CONNECTION_STRING (success path)'; Expect = 'Output'; Script = @'
$env:AZURE_STORAGE_CONNECTION_STRING = $L.ConnectionString
try { $s = New-DrBackupStore "az://$($L.Container)/$($L.Prefix)/env" @Common; $s; Get-DrBackup -Store $s @Common; New-RedisBackup $L.RedisPrimary -Password $L.SecureRedisPassword -Mode Logical -Pattern "secret-scan:*" -Store "az://$($L.Container)/$($L.Prefix)/env" -Confirm:$false @Common }
finally { Remove-Item Env:AZURE_STORAGE_CONNECTION_STRING }
'@ }
        @{ Name = 'the environment file: regions, configuration backup, DNS and service checks (success paths, secrets from its variables)'; Expect = 'Output'; Script = @'
$dr = Import-DrEnvironment $L.EnvironmentPath @Common
$dr; $dr.Regions.Values
Test-DrRegionReadiness -Environment $dr -Region secondary -Skip Backup @Common
Backup-DrKubernetesConfig -Environment $dr -Region primary -ExcludeSecrets -Store $L.Folder -Confirm:$false @Common
New-RedisBackup -Environment $dr -Region primary -Mode Logical -Pattern "secret-scan:*" -Store $L.Folder -Confirm:$false @Common
Test-RedisReplication -Environment $dr -Region secondary @Common
Get-DrDnsRecord -Environment $dr @Common
Test-DrDnsPropagation -Environment $dr -Region primary -Timeout 30 @Common
Test-DrService -Environment $dr @Common
'@ }
        @{ Name = 'Import-DrEnvironment of a file holding the Redis password'; Expect = 'Error'; Script = 'Import-DrEnvironment $L.SecretEnvironmentPath @Common' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Get-LabConfig
    $key = [regex]::Match($lab.azure.connectionString, 'AccountKey=([^;]+)').Groups[1].Value
    $kubeToken = [regex]::Match((Get-Content $lab.kubernetes.kubeconfig -Raw), 'token:\s*"?([^"\s]+)').Groups[1].Value
    $kubeToken | Should -Not -BeNullOrEmpty
    $script:Secrets = @($lab.qdrant.apiKey, $lab.redis.password, $lab.s3.secretAccessKey, $key, $lab.azure.connectionString, $kubeToken) |
        ForEach-Object { $_; [uri]::EscapeDataString($_) } | Sort-Object -Unique

    $script:Work = Join-Path $RepoRoot "out/test-stores/secret-scan-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory $Work | Out-Null
    $collection = "secret-scan-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    New-LabCollection -Name $collection -ShardNumber 3 -PointCount 300

    # What the scripts see as $L, with every secret also as a SecureString for the parameters that take one.
    $secure = { param($text) ConvertTo-SecureString $text -AsPlainText -Force }
    $folder = Join-Path $Work 'store'
    New-Item -ItemType Directory $folder | Out-Null
    $brokenKube = Join-Path $Work 'broken-kubeconfig.yaml'
    (Get-Content $lab.kubernetes.kubeconfig -Raw) -replace 'contexts:', "contexts: [ {{ broken`n  - : :" | Set-Content $brokenKube
    $userInfoKube = Join-Path $Work 'userinfo-kubeconfig.yaml'
    # Unreachable on purpose (port 1): the restore must fail before it touches the lab's volumes.
    (Get-Content $lab.kubernetes.kubeconfig -Raw) -replace 'server: "https?://[^"]+"', "server: `"http://admin:$kubeToken@127.0.0.1:1`"" | Set-Content $userInfoKube
    $script:L = @{
        Collection = $collection
        Restored = "$collection-restored"
        # Every S3 and Azure object the cases write lands under this prefix, removed after the run.
        Prefix = $collection
        QdrantUri = Get-LabQdrantUri
        GrpcUri = Get-LabGrpcUri
        SecureApiKey = Get-LabApiKey
        SecureKubeToken = & $secure $kubeToken
        RedisPrimary = $lab.redis.primary
        RedisReplica = $lab.redis.replica
        SecureRedisPassword = & $secure $lab.redis.password
        Folder = $folder
        S3Bucket = $lab.s3.bucket
        S3Endpoint = $lab.s3.endpoint
        S3Region = $lab.s3.region
        S3Credential = [pscredential]::new($lab.s3.accessKeyId, (& $secure $lab.s3.secretAccessKey))
        WrongS3Credential = [pscredential]::new($lab.s3.accessKeyId, (& $secure $lab.redis.password))
        Container = $lab.azure.container
        AzureEndpoint = $lab.azure.endpoint
        ConnectionString = $lab.azure.connectionString
        SecureConnectionString = & $secure $lab.azure.connectionString
        SecureBrokenConnectionString = & $secure "AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=not a uri"
        SecureUnreachableConnectionString = & $secure ($lab.azure.connectionString -replace 'BlobEndpoint=http://[^/]+', 'BlobEndpoint=http://127.0.0.1:1')
        SecureOtherAccountConnectionString = & $secure ($lab.azure.connectionString -replace 'AccountName=devstoreaccount1', 'AccountName=otheraccount')
        BrokenKubeConfig = $brokenKube
        UserInfoKubeConfig = $userInfoKube
        EnvironmentPath = Join-Path $RepoRoot 'out/lab/dr-environment.json'
        SecretEnvironmentPath = Join-Path $Work 'secret-environment.json'
    }
    # The lab's environment file names these variables; a copy with the password written into it must be refused unquoted.
    Set-LabEnvironmentVariables
    @{ regions = @{ primary = @{ redis = @{ endpoint = $lab.redis.primary; password = $lab.redis.password } } } } | ConvertTo-Json -Depth 5 | Set-Content $L.SecretEnvironmentPath
    $L.QdrantBackup = New-QdrantBackup -QdrantUri $L.QdrantUri -GrpcUri $L.GrpcUri -ApiKey $L.SecureApiKey -Collection $collection -Store $folder -Confirm:$false
    Invoke-LabRedisCli SET 'secret-scan:one' '1'
    $L.RedisBackup = New-RedisBackup $L.RedisPrimary -Password $L.SecureRedisPassword -Mode Logical -Pattern 'secret-scan:*' -Store $folder -Name secret-scan -Confirm:$false
    "$($L.QdrantBackup.Status) $($L.RedisBackup.Status)" | Should -Be 'Succeeded Succeeded'

    # One runspace with the module, reused; each case runs in its own PowerShell instance so its streams are its own.
    $script:Runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
    $Runspace.Open()
    $Runspace.SessionStateProxy.SetVariable('L', $L)
    $Runspace.SessionStateProxy.SetVariable('Common', @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue'; ErrorAction = 'Continue' })
    $import = [powershell]::Create(); $import.Runspace = $Runspace
    # Relative -Store paths resolve against this location: the store cases check that nothing appears in it.
    $null = $import.AddScript("Import-Module '$ModuleManifest'; `$ProgressPreference = 'Continue'; Set-Location -LiteralPath '$Work'").Invoke()
    $import.Dispose()

    function script:ConvertTo-ExceptionText($Exception) {
        # Every public property of the exception chain but the ones that are PowerShell's (ErrorRecord carries
        # InvocationInfo) or reflection (TargetSite), recursing into inner exceptions.
        $texts = for ($ex = $Exception; $ex; $ex = $ex.InnerException) {
            $properties = [ordered]@{ Type = $ex.GetType().FullName }
            foreach ($property in $ex.PSObject.Properties) {
                if ($property.Name -in 'ErrorRecord', 'CommandInvocation', 'TargetSite', 'InnerException', 'InnerExceptions') { continue }
                $value = try { $property.Value } catch { "<$($_.Exception.Message)>" }
                # Reflection objects (a ParameterBindingException's ParameterType) would serialize the runtime itself.
                $properties[$property.Name] = if ($value -is [Reflection.MemberInfo] -or $value -is [Reflection.Assembly]) { "$value" }
                elseif ($value -is [Collections.IDictionary]) { $entries = @{}; foreach ($k in $value.Keys) { $entries["$k"] = $value[$k] }; $entries }
                else { $value }
            }
            $properties | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue
            if ($ex -is [AggregateException]) { $ex.InnerExceptions | ForEach-Object { ConvertTo-ExceptionText $_ } }
        }
        $texts -join "`n"
    }

    function script:Invoke-Scanned([string] $Script, [hashtable] $Variables = @{}) {
        # Runs the script in the module's runspace; returns every stream as text, and what each held.
        $shell = [powershell]::Create(); $shell.Runspace = $Runspace
        foreach ($name in $Variables.Keys) { $Runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
        # A terminating error is written as an error record, so it is scanned like the others.
        $null = $shell.AddScript("try { $Script } catch { Write-Error -ErrorRecord `$_ }")
        $async = $shell.BeginInvoke()
        if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(3))) { $shell.Stop(); throw "The case did not finish within 3 minutes: $Script" }
        $output = @(try { $shell.EndInvoke($async) } catch { $shell.Streams.Error.Add($_.Exception.ErrorRecord) })
        $streams = $shell.Streams
        $text = [Collections.Generic.List[string]]::new()
        foreach ($item in $output) { $text.Add(($item | Out-String)); $text.Add(($item | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue)) }
        foreach ($record in $streams.Error) {
            $text.Add($record.ToString())
            $text.Add(([ordered]@{
                FullyQualifiedErrorId = $record.FullyQualifiedErrorId
                CategoryInfo = $record.CategoryInfo
                TargetObject = $record.TargetObject
                ErrorDetails = $record.ErrorDetails
            } | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue))
            $text.Add((ConvertTo-ExceptionText $record.Exception))
        }
        foreach ($record in @($streams.Warning) + @($streams.Verbose) + @($streams.Debug)) { $text.Add($record.Message) }
        foreach ($record in $streams.Information) { $text.Add("$($record.MessageData)"); $text.Add(($record | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue)) }
        foreach ($record in $streams.Progress) { $text.Add("$($record.Activity) | $($record.StatusDescription) | $($record.CurrentOperation)") }
        $result = [pscustomobject]@{
            Text = $text -join "`n"
            Output = $output.Count
            Errors = @($streams.Error | ForEach-Object FullyQualifiedErrorId)
            Verbose = $streams.Verbose.Count
        }
        $shell.Dispose()
        if ($env:PDR_SCAN_DEBUG) { Write-Host "    output $($result.Output), verbose $($result.Verbose), errors: $($result.Errors -join '; ')" }
        $result
    }

    function script:Find-Secret([string] $Text) {
        foreach ($secret in $Secrets) {
            $at = $Text.IndexOf($secret, [StringComparison]::Ordinal)
            if ($at -ge 0) {
                $start = [Math]::Max(0, $at - 160)
                "'$secret' in: ...$($Text.Substring($start, [Math]::Min($Text.Length - $start, $at - $start + $secret.Length + 40)))..."
            }
        }
    }
}

AfterAll {
    if ($Runspace) { $Runspace.Dispose() }
    if ($L) {
        Remove-LabCollection $L.Collection, $L.Restored
        Invoke-LabRedisCli DEL 'secret-scan:one'
        $s3 = New-DrBackupStore "s3://$($L.S3Bucket)/$($L.Prefix)" -Endpoint $L.S3Endpoint -Region $L.S3Region -Credential $L.S3Credential
        $az = New-DrBackupStore "az://$($L.Container)/$($L.Prefix)" -ConnectionString $L.SecureConnectionString
        foreach ($store in $s3, $az) { Remove-TestStore $store }
    }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'No lab secret in any stream when a store location carries one' {
    It '<Name>' -ForEach $StoreCases {
        $before = @(Get-ChildItem $Work -Force -Name)
        $scan = Invoke-Scanned $Script @{ Location = $Location }
        # Nothing was created from it: a folder named after a connection string would hold the key in its path.
        $created = @(Get-ChildItem $Work -Force -Name | Where-Object { $_ -notin $before })
        $created | ForEach-Object { Remove-Item -LiteralPath (Join-Path $Work $_) -Recurse -Force }
        $created | Should -BeNullOrEmpty
        if ($Refused) { $scan.Errors | Should -Not -BeNullOrEmpty -Because 'a location with credentials in it must be refused' }
        else { $scan.Output | Should -Be 1 }
        Find-Secret $scan.Text | Should -BeNullOrEmpty
    }
}

Describe 'No lab secret in any stream from URIs, endpoints, credentials and kubeconfigs' {
    It '<Name>' -ForEach $OtherCases {
        $scan = Invoke-Scanned $Script
        switch ($Expect) {
            'Error' { $scan.Errors | Should -Not -BeNullOrEmpty }
            'Output' { $scan.Output | Should -BeGreaterThan 0; $scan.Verbose | Should -BeGreaterThan 0 }
            default { ($scan.Output + $scan.Errors.Count) | Should -BeGreaterThan 0 }
        }
        Find-Secret $scan.Text | Should -BeNullOrEmpty
    }
}
