# DNS helpers: the lab's Route53 (moto) through the AWS CLI, and dig against the lab's authoritative server and
# caching resolver (lab.json "route53" and "dns"; build/tasks/LabDns.ps1).

function Get-LabDnsConfig {
    $lab = Get-LabConfig
    if (-not $lab.PSObject.Properties['dns'] -or -not $lab.PSObject.Properties['route53']) {
        throw 'The running lab has no DNS section; restart it: dotnet pwsh ./build.ps1 -Task LabStop, then -Task LabStart'
    }
    [pscustomobject]@{ Route53 = $lab.route53; Dns = $lab.dns }
}

function Start-TestRoute53([Parameter(Mandatory)] $Route53, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
    # Starts one `aws route53` call against moto without waiting, so a test can query DNS while it runs. The lab's
    # placeholder keys go only into this process's environment, as an operator's would.
    $aws = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
    $info = [Diagnostics.ProcessStartInfo]::new($aws)
    foreach ($a in @('--endpoint-url', $Route53.endpoint, '--output', 'json', 'route53') + $Arguments) { $info.ArgumentList.Add($a) }
    $info.Environment['AWS_ACCESS_KEY_ID'] = $Route53.accessKeyId
    $info.Environment['AWS_SECRET_ACCESS_KEY'] = $Route53.secretAccessKey
    $info.Environment['AWS_DEFAULT_REGION'] = $Route53.region
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Error = $process.StandardError.ReadToEndAsync(); Command = $Arguments[0] }
}

function Wait-TestRoute53([Parameter(Mandatory)] $Call) {
    # The call's JSON output as an object; a failed call throws with the CLI's message.
    $Call.Process.WaitForExit()
    if ($Call.Process.ExitCode -ne 0) { throw "aws route53 $($Call.Command) failed: $($Call.Error.GetAwaiter().GetResult())" }
    $Call.Output.GetAwaiter().GetResult() | ConvertFrom-Json
}

function Invoke-TestRoute53([Parameter(Mandatory)] $Route53, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
    Wait-TestRoute53 (Start-TestRoute53 $Route53 @Arguments)
}

function Set-TestDnsRecord([Parameter(Mandatory)] $Route53, [Parameter(Mandatory)] [string] $Address, [int] $Ttl = 5) {
    $batch = @{ Changes = @(@{ Action = 'UPSERT'; ResourceRecordSet = @{
                    Name = $Route53.recordName; Type = 'A'; TTL = $Ttl; ResourceRecords = @(@{ Value = $Address }) } }) } |
        ConvertTo-Json -Depth 6 -Compress
    Invoke-TestRoute53 $Route53 change-resource-record-sets --hosted-zone-id $Route53.hostedZoneId --change-batch $batch
}

function Invoke-TestDig([Parameter(Mandatory)] [string] $Server, [Parameter(Mandatory)] [string] $Name, [string] $Type = 'A') {
    # One dig query; returns the status, the AA flag, the answer records (name, ttl, type, value), and when the query
    # was sent and answered (the server answered somewhere between the two).
    $hostName, $port = $Server -split ':'
    $sent = [DateTime]::UtcNow
    $lines = & dig "@$hostName" -p $port $Name $Type +noall +comments +answer +time=2 +tries=2 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dig @$Server $Name $Type failed: $($lines -join "`n")" }
    $status = ($lines | Select-String 'status: (\w+)' | Select-Object -First 1).Matches.Groups[1].Value
    $flags = ($lines | Select-String ';; flags: ([^;]*);' | Select-Object -First 1).Matches.Groups[1].Value
    $answers = @($lines | Where-Object { $_ -and -not $_.StartsWith(';') } | ForEach-Object {
            $f = $_ -split '\s+', 5
            [pscustomobject]@{ Name = $f[0]; Ttl = [int]$f[1]; Type = $f[3]; Value = $f[4] }
        })
    [pscustomobject]@{ Status = $status; Authoritative = ($flags -split ' ') -contains 'aa'; Answers = $answers; Sent = $sent; At = [DateTime]::UtcNow }
}

function Get-TestDnsAddress([string] $Server, [string] $Name) {
    @((Invoke-TestDig $Server $Name A).Answers | Where-Object Type -eq 'A' | ForEach-Object Value)
}
